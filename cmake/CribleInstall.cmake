# cmake --install: libcrible, its public headers, the CLI, a CMake package
# (find_package(crible)) and a pkg-config file (pkg-config crible).

include(CMakePackageConfigHelpers)

set(CRIBLE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/crible)

install(TARGETS crible EXPORT cribleTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/crible
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/crible/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/crible)
install(TARGETS crible_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(EXPORT cribleTargets NAMESPACE crible:: DESTINATION ${CRIBLE_CMAKE_DIR})
set(CRIBLE_STATIC OFF)
if(NOT BUILD_SHARED_LIBS)
  set(CRIBLE_STATIC ON)
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/cribleConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cribleConfig.cmake INSTALL_DESTINATION ${CRIBLE_CMAKE_DIR})
# Before 1.0 a minor version may break the API: only the same minor is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cribleConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cribleConfig.cmake
  ${PROJECT_BINARY_DIR}/cribleConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/CribleImportedTargets.cmake
  DESTINATION ${CRIBLE_CMAKE_DIR})

# pkg-config: the prefix is found from the .pc file's own place, so an installed tree
# can move (and `cmake --install --prefix` anywhere works).
file(RELATIVE_PATH CRIBLE_PC_TO_PREFIX
  ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" CRIBLE_PC_TO_PREFIX "${CRIBLE_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/crible.pc.in ${PROJECT_BINARY_DIR}/crible.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/crible.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
