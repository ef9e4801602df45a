#!/bin/sh
# Installs the Debian 12 packages crible needs to build, test and benchmark.
# Idempotent: apt-get runs only when a package is missing.
set -eu

# Build and library dependencies (see README.md, "Dependencies", for why each).
BUILD_PACKAGES="
  build-essential cmake ninja-build pkg-config git curl
  libxapian-dev libicu-dev libstemmer-dev libzstd-dev libcld2-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev
  libboost-dev prometheus-cpp-dev libspdlog-dev
  libgumbo-dev libxml2-dev
"
# Tests and tooling: Catch2 v2, Xapian's own tools (quest, xapian-delve, xapian-check),
# zstd for compressed fixtures, clang for the sanitizer build, python3 for the
# gazetteer check (scripts/check-entities.py), Chromium and its WebDriver for the search
# page's browser test (tests/ui). Node.js and npm for the OpenAPI checks
# (tests/openapi, installed by scripts/install-test-tools.sh) come below: only when
# there is no npm yet, since a Node.js from elsewhere carries its own.
TEST_PACKAGES="
  catch2 xapian-tools zstd clang libclang-rt-14-dev python3
  chromium chromium-driver
"
TEST_NODE_PACKAGES="nodejs npm"
# Benchmarks only: Google Benchmark, scriptindex (xapian-omega), SQLite FTS5, time.
BENCH_PACKAGES="
  libbenchmark-dev xapian-omega sqlite3 time python3 wrk
"

want="$BUILD_PACKAGES"
for arg in "$@"; do
  case "$arg" in
    --test) want="$want $TEST_PACKAGES" ;;
    --bench) want="$want $TEST_PACKAGES $BENCH_PACKAGES" ;;
    *) echo "usage: $0 [--test] [--bench]" >&2; exit 2 ;;
  esac
done

case " $* " in *" --test "* | *" --bench "*)
  command -v npm >/dev/null 2>&1 || want="$want $TEST_NODE_PACKAGES" ;;
esac

missing=""
for pkg in $want; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: all packages present"
  exit 0
fi

echo "install-deps: installing$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
