#!/bin/sh
# The main job on the bundled sample data: install what is needed, build, analyse a
# sample text, index every article and comment of data/sample/ (JSON Lines, scraped
# pages, an HTML page, RSS and Atom feeds), search it (words, phrases, fields, entities, facets, threads), then inspect
# the index (stats, entities, a stored document, checks).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
sh scripts/build.sh
CRIBLE=build/tools/crible/crible
DB="${CRIBLE_DEMO_DB:-build/demo-index}"
"$CRIBLE" --version
echo "== crible analyze: tokens and index terms"
"$CRIBLE" analyze "L’application d'Oracle aux États-Unis : \$ORCL, @tiktok_us et https://www.zdnet.fr/"
echo "== crible analyze --query"
"$CRIBLE" analyze --query "\"rachat d'Oracle\" données"
rm -rf "$DB"
echo "== crible index --db $DB data/sample/news.jsonl"
"$CRIBLE" index --db "$DB" data/sample/news.jsonl
for page in data/sample/page-*.txt; do
  id=$(basename "$page" .txt)
  echo "== crible index --db $DB --id $id $page"
  "$CRIBLE" index --db "$DB" --id "$id" "$page"
done
echo "== crible index --db $DB --glob '*.html' --glob '*.rss' --glob '*.atom' data/sample/ (an HTML page, feeds)"
"$CRIBLE" index --db "$DB" --glob '*.html' --glob '*.rss' --glob '*.atom' data/sample/
echo "== crible search --db $DB 'L’ÉCONOMIE' (accents, case and elision do not matter)"
"$CRIBLE" search --db "$DB" "L’ÉCONOMIE"
echo "== crible search --db $DB '\"rachat de TikTok\" OR entity:pinterest' --threads"
"$CRIBLE" search --db "$DB" --threads --limit 3 '"rachat de TikTok" OR entity:pinterest'
echo "== crible search --db $DB --entity msft --type comment --facets --limit 2 ''"
"$CRIBLE" search --db "$DB" --entity msft --type comment --facets --facet-limit 5 --limit 2 ''
echo "== crible search --db $DB --json 'date:2021-02-19 rachat'"
"$CRIBLE" search --db "$DB" --json --no-snippets 'date:2021-02-19 rachat'
echo "== crible search --db $DB econmie (spelling)"
"$CRIBLE" search --db "$DB" econmie
echo "== crible stats --db $DB"
"$CRIBLE" stats --db "$DB"
echo "== crible entities --db $DB (top entities), then --with tiktok"
"$CRIBLE" entities --db "$DB" --limit 8
"$CRIBLE" entities --db "$DB" --with "Tik Tok" --limit 5
"$CRIBLE" entities --db "$DB" --with "Tik Tok" --per-article --limit 5 rachat
echo "== crible get --db $DB page-rachat (the page's article; its comments' ids come from their text)"
"$CRIBLE" get --pretty --db "$DB" page-rachat
echo "== crible check --db $DB"
"$CRIBLE" check --db "$DB"
echo "== crible-server --db $DB (a search over HTTP, then SIGTERM)"
SERVER_OUT=$(mktemp)
build/tools/crible-server/crible-server --db "$DB" --listen 127.0.0.1:0 --threads 1 >"$SERVER_OUT" &
server=$!
for _ in $(seq 1 50); do grep -q listening "$SERVER_OUT" && break; sleep 0.1; done
port=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$SERVER_OUT")
curl -sS "http://127.0.0.1:$port/v1/search?q=rachat&entity=msft&facets=entity&limit=2&snippets=0"
echo
kill -TERM "$server" && wait "$server"
rm -f "$SERVER_OUT"
