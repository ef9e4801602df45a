#!/bin/sh
# The sanitizer pass of the test suite: one Clang build with AddressSanitizer,
# UndefinedBehaviorSanitizer (no recovery), LeakSanitizer and libFuzzer's coverage, in
# which every CTest test runs again, then every fuzz target for FUZZ_SECONDS (default
# 20) from its seed corpus (scripts/fuzz.sh). Any report fails it.
#   sh scripts/sanitize.sh           (scripts/test.sh runs it after the normal suite)
set -eu
cd "$(dirname "$0")/.."
export CRIBLE_FUZZ_BUILD="${CRIBLE_SANITIZE_BUILD:-build-sanitize}"
export CRIBLE_FUZZ_EXTRA="-DCRIBLE_SANITIZE=ON"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
command -v clang++ >/dev/null || { echo "sanitize: clang++ missing (sh scripts/install-deps.sh --test)" >&2; exit 2; }

# The same configuration as scripts/fuzz.sh, so that its build step finds nothing to do.
CC=clang CXX=clang++ cmake -S . -B "$CRIBLE_FUZZ_BUILD" -G Ninja -DCRIBLE_FUZZ=ON \
  -DBUILD_SHARED_LIBS=OFF -DCRIBLE_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  $CRIBLE_FUZZ_EXTRA >/dev/null
cmake --build "$CRIBLE_FUZZ_BUILD" -j "$(nproc)"
echo "sanitize: the test suite under ASan + UBSan + LSan" >&2
ctest --test-dir "$CRIBLE_FUZZ_BUILD" --output-on-failure -j "$(nproc)"
echo "sanitize: each fuzz target for $FUZZ_SECONDS s" >&2
sh scripts/fuzz.sh "$FUZZ_SECONDS"
