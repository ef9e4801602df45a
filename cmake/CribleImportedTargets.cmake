# The libraries libcrible links, as imported targets, whatever Debian ships for them.
# Used to build crible, and by cribleConfig.cmake when libcrible is static (its users
# then link these too). Every call may run twice: each target is made once.

include(CMakeFindDependencyMacro)

# find_dependency inside cribleConfig.cmake (it forwards REQUIRED and QUIET), a
# required find_package when building crible itself.
macro(crible_find_package name)
  if(CMAKE_FIND_PACKAGE_NAME)
    find_dependency(${name} ${ARGN})
  else()
    find_package(${name} ${ARGN} REQUIRED)
  endif()
endmacro()

# Xapian ships a CMake file that only sets variables: wrap it in a target.
crible_find_package(xapian 1.4 CONFIG)
if(NOT TARGET Xapian::Xapian)
  add_library(Xapian::Xapian INTERFACE IMPORTED)
  set_target_properties(Xapian::Xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()

# Snowball's libstemmer has neither a CMake nor a pkg-config file.
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY NAMES stemmer REQUIRED)
if(NOT TARGET Snowball::stemmer)
  add_library(Snowball::stemmer UNKNOWN IMPORTED)
  set_target_properties(Snowball::stemmer PROPERTIES
    IMPORTED_LOCATION "${STEMMER_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${STEMMER_INCLUDE_DIR}")
endif()

# CLD2 (language detection) has neither either.
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY NAMES cld2 REQUIRED)
if(NOT TARGET CLD2::cld2)
  add_library(CLD2::cld2 UNKNOWN IMPORTED)
  set_target_properties(CLD2::cld2 PROPERTIES
    IMPORTED_LOCATION "${CLD2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CLD2_INCLUDE_DIR}")
endif()

crible_find_package(ICU 70 COMPONENTS uc i18n data)
crible_find_package(zstd CONFIG)
if(NOT TARGET zstd::zstd)
  add_library(zstd::zstd INTERFACE IMPORTED)
  set_target_properties(zstd::zstd PROPERTIES INTERFACE_LINK_LIBRARIES zstd::libzstd_shared)
endif()
