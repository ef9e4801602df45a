#!/bin/sh
# Installs crible into a temporary prefix and builds examples/entity_search against it
# the two ways an application would: find_package(crible) and pkg-config. Then runs
# both, and the installed CLI. Checks what the install holds and, for the shared
# library, its SONAME and that it exports the public API only.
#
#   sh scripts/check-install.sh [BUILD_DIR]   # an existing build (shared by default)
#   sh scripts/check-install.sh --static      # builds a static libcrible first
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/crible-install.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "check-install: $*" >&2; exit 1; }

if [ "${1:-}" = "--static" ]; then
  BUILD="$WORK/static-build"
  echo "check-install: building a static libcrible in $BUILD"
  cmake -S "$SRC" -B "$BUILD" -G Ninja -DBUILD_SHARED_LIBS=OFF -DCRIBLE_BUILD_TESTS=OFF \
    -DCRIBLE_BUILD_BENCH=OFF >"$WORK/configure.log" || { cat "$WORK/configure.log"; fail "configure failed"; }
  cmake --build "$BUILD" -j "$(nproc)" >"$WORK/build.log" || { tail -30 "$WORK/build.log"; fail "build failed"; }
else
  BUILD=$(cd "${1:-$SRC/build}" && pwd)
fi

PREFIX="$WORK/prefix"
cmake --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log"
LIBDIR=$(dirname "$(find "$PREFIX" -name crible.pc)")/..
for file in include/crible/crible.h include/crible/search.h include/crible/export.h \
  include/crible/version.h bin/crible; do
  [ -e "$PREFIX/$file" ] || fail "$file is not installed"
done
[ -e "$LIBDIR/cmake/crible/cribleConfig.cmake" ] || fail "cribleConfig.cmake is not installed"
[ -e "$LIBDIR/cmake/crible/cribleConfigVersion.cmake" ] || fail "cribleConfigVersion.cmake is not installed"

STATIC=""
if [ -e "$LIBDIR/libcrible.so" ]; then
  soname=$(readelf -d "$LIBDIR/libcrible.so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
  case "$soname" in libcrible.so.[0-9]*.[0-9]*) ;; *) fail "unexpected SONAME '$soname'" ;; esac
  # Only the public API: crible:: names, never an internal namespace or an Impl.
  nm -DC --defined-only "$LIBDIR/libcrible.so" | sed 's/^[0-9a-f]* [A-Za-z] //' >"$WORK/exports"
  if grep -v -e '^crible::' -e '^typeinfo for crible::' -e '^typeinfo name for crible::' \
    -e '^vtable for crible::' "$WORK/exports" | grep . ||
    grep -E 'crible::(analysis|index|search|ingest|entities|json)::|::Impl::' "$WORK/exports"; then
    fail "libcrible.so exports symbols beyond the public API (above)"
  fi
  echo "check-install: shared $soname, $(wc -l <"$WORK/exports") exported symbols, all public API"
else
  [ -e "$LIBDIR/libcrible.a" ] || fail "no libcrible installed"
  STATIC="--static"
  echo "check-install: static libcrible.a"
fi

echo "check-install: find_package(crible)"
cmake -S "$SRC/examples/entity_search" -B "$WORK/with-cmake" -G Ninja \
  -DCMAKE_PREFIX_PATH="$PREFIX" >"$WORK/consumer.log" || { cat "$WORK/consumer.log"; fail "find_package(crible) failed"; }
cmake --build "$WORK/with-cmake" >>"$WORK/consumer.log" || { cat "$WORK/consumer.log"; fail "the CMake consumer does not build"; }
"$WORK/with-cmake/entity_search" "$WORK/index-cmake" >"$WORK/run-cmake.log" ||
  { cat "$WORK/run-cmake.log"; fail "the CMake consumer failed"; }

echo "check-install: pkg-config crible $STATIC"
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
# shellcheck disable=SC2046
c++ -std=c++20 "$SRC/examples/entity_search/main.cpp" -o "$WORK/entity_search-pc" \
  $(pkg-config --cflags --libs $STATIC crible) -Wl,-rpath,"$LIBDIR" ||
  fail "the pkg-config consumer does not build"
"$WORK/entity_search-pc" "$WORK/index-pc" >"$WORK/run-pc.log" ||
  { cat "$WORK/run-pc.log"; fail "the pkg-config consumer failed"; }
# The same program both ways: the same results (the first line names the index path).
[ "$(tail -n +2 "$WORK/run-cmake.log")" = "$(tail -n +2 "$WORK/run-pc.log")" ] ||
  fail "the two consumers printed different results"

"$PREFIX/bin/crible" --version >/dev/null || fail "the installed crible CLI does not run"
echo "check-install: ok ($(sed -n '2p' "$WORK/run-pc.log"))"
