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

# A library shipped with neither a CMake nor a pkg-config file, as an imported target.
function(crible_import_library target header library)
  string(MAKE_C_IDENTIFIER "${target}" name)
  find_path(${name}_INCLUDE_DIR ${header} REQUIRED)
  find_library(${name}_LIBRARY NAMES ${library} REQUIRED)
  if(NOT TARGET ${target})
    add_library(${target} UNKNOWN IMPORTED)
    set_target_properties(${target} PROPERTIES
      IMPORTED_LOCATION "${${name}_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${${name}_INCLUDE_DIR}")
  endif()
endfunction()

crible_import_library(Snowball::stemmer libstemmer.h stemmer)       # Snowball's libstemmer
crible_import_library(CLD2::cld2 cld2/public/compact_lang_det.h cld2)  # language detection
crible_import_library(Gumbo::gumbo gumbo.h gumbo)                    # HTML5 parsing

crible_find_package(ICU 70 COMPONENTS uc i18n data)
crible_find_package(LibXml2 2.9)                                     # RSS and Atom feeds
crible_find_package(zstd CONFIG)
if(NOT TARGET zstd::zstd)
  add_library(zstd::zstd INTERFACE IMPORTED)
  set_target_properties(zstd::zstd PROPERTIES INTERFACE_LINK_LIBRARIES zstd::libzstd_shared)
endif()
