#!/bin/sh
# Configures and builds crible in ./build (or $CRIBLE_BUILD_DIR). Extra arguments go
# to CMake's configure step, e.g. -DCRIBLE_SANITIZE=ON.
set -eu
cd "$(dirname "$0")/.."
BUILD_DIR="${CRIBLE_BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja "$@" >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
