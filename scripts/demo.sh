#!/bin/sh
# The main job on the bundled sample data: install what is needed, build, then
# analyse every article and comment of data/sample/ (tokens, positions, terms).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
sh scripts/build.sh
CRIBLE=build/tools/crible/crible
"$CRIBLE" --version
for file in data/sample/*; do
  echo "== crible analyze < $file"
  "$CRIBLE" analyze - < "$file"
done
echo "== crible analyze --query '\"rachat d'\''Oracle\" economie'"
"$CRIBLE" analyze --query "\"rachat d'Oracle\" economie"
