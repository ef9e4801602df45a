#!/bin/sh
# The whole test suite: install what is needed (Debian packages, then the npm packages
# of the OpenAPI oracle), build, run every test with CTest
# (shared libcrible, installed and consumed by a separate project among them), the
# same install check for a static libcrible, then the suite again under ASan, UBSan
# and LSan with a short run of every fuzz target (scripts/sanitize.sh).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh --test
sh scripts/install-test-tools.sh
sh scripts/build.sh -DCRIBLE_WERROR=ON
ctest --test-dir "${CRIBLE_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
sh scripts/check-install.sh --static
sh scripts/sanitize.sh
