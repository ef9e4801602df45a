#pragma once
/// @file
/// CRIBLE_EXPORT marks what libcrible exports. The library is built with hidden
/// symbol visibility: only the public API declared in include/crible/ is visible to
/// applications (`nm -D libcrible.so` shows nothing of lib/).

#if defined(__GNUC__) || defined(__clang__)
/// Gives a declaration default visibility: exported from libcrible.so.
#define CRIBLE_EXPORT __attribute__((visibility("default")))
#else
#define CRIBLE_EXPORT
#endif
