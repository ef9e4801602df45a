# Every third-party dependency as an imported target, whatever Debian ships for it.

# Xapian, libstemmer, CLD2, ICU and zstd as targets: the same file serves installed
# consumers of a static libcrible (cribleConfig.cmake includes it).
include(${CMAKE_CURRENT_LIST_DIR}/CribleImportedTargets.cmake)
find_package(nlohmann_json 3.10 CONFIG REQUIRED)
find_package(fmt CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
