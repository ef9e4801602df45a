#!/bin/sh
# The whole test suite: install what is needed, build, run every test with CTest.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh --test
sh scripts/build.sh -DCRIBLE_WERROR=ON
ctest --test-dir "${CRIBLE_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
