#!/bin/sh
# Resource limits (issue 8): about 1 GB of JSON Lines streamed into `crible index` on
# standard input, against the same command on the 150M corpus alone (the baseline):
# peak RSS must not grow with the input. The input is the 150M corpus repeated
# (decompressed, 7 times, ids suffixed so that every document is new), generated on the
# fly: it never sits on disk.
#
# Then millions of tiny documents (a few words each): 1 000 000 against 100 000 in the
# same run (the baseline), again for peak RSS and a clear, bounded run.
#
# Usage: sh scripts/bench-stream.sh [COPIES]     (default 7: about 1.05 GB)
#   RUNS="corpus tiny" (default both) chooses the parts.
# Environment: SHARED (default ../shared), WORK (default ${TMPDIR:-/tmp}/crible-bench-stream)
set -eu
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
CORPUS="$SHARED/corpus/fr-news-150M.jsonl.zst"
WORK="${WORK:-${TMPDIR:-/tmp}/crible-bench-stream}"
COPIES="${1:-7}"
CRIBLE=build/tools/crible/crible
log() { echo "bench-stream: $*" >&2; }

[ -f "$CORPUS" ] || { log "corpus not found: $CORPUS (set SHARED); skipping"; exit 0; }
for tool in zstd python3 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing $tool"; exit 2; }
done
rm -rf "$WORK"
mkdir -p "$WORK"

# copies N: the corpus N times on stdout, ids suffixed with the copy number.
copies() {
  python3 -c '
import json, subprocess, sys
copies = int(sys.argv[2])
for copy in range(copies):
    data = subprocess.run(["zstd", "-q", "-dc", sys.argv[1]], check=True, capture_output=True).stdout
    for line in data.splitlines():
        doc = json.loads(line)
        doc["id"] = "%s~%d" % (doc["id"], copy)
        if doc.get("parent"):
            doc["parent"] = "%s~%d" % (doc["parent"], copy)
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
' "$CORPUS" "$1"
}

# tiny N: N documents of a few words.
tiny() {
  python3 -c '
import sys
for i in range(int(sys.argv[1])):
    sys.stdout.write("{\"id\":\"t%d\",\"body\":\"mot%d et mot%d\"}\n" % (i, i % 5000, i % 77))
' "$1"
}

run() {  # run NAME GENERATOR ARGUMENT
  log "$1: $2 $3 through stdin"
  bytes=$("$2" "$3" | wc -c)  # generated twice rather than stored
  "$2" "$3" | /usr/bin/time -f '%e %U %S %M' -o "$WORK/$1.time" \
    "$CRIBLE" index --json --db "$WORK/$1" - > "$WORK/$1.json" 2> "$WORK/$1.err"
  set -- "$1" "$2" $(cat "$WORK/$1.time")
  docs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["documents"])' "$WORK/$1.json")
  awk -v name="$1" -v mb="$bytes" -v docs="$docs" -v wall="$3" -v cpu="$4" -v sys="$5" -v rss="$6" \
    'BEGIN { printf "| %s | %.0f | %d | %.0f | %.0f | %.1f | %d |\n",
             name, mb / 1e6, docs, wall, cpu + sys, mb / 1e6 / wall, rss / 1024 }'
  rm -rf "${WORK:?}/$1"
}

echo "## Streamed input: $(date -u '+%Y-%m-%d %H:%M UTC'), crible at $(git rev-parse --short HEAD), $(nproc) cores"
echo
echo "| run | input MB | documents | wall s | CPU s | MB/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|"
RUNS="${RUNS:-corpus tiny}"
case " $RUNS " in *" corpus "*)
  run baseline copies 1
  run streamed copies "$COPIES" ;;
esac
case " $RUNS " in *" tiny "*)
  run tiny-100k tiny 100000
  run tiny-1M tiny 1000000 ;;
esac
