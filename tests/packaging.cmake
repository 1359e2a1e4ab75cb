# Packaging: the man pages against `moe --help` / `moe-studio --help` (so help, man page and commands
# cannot drift apart), groff warnings, the AppStream metadata, .desktop entry and MIME type through their
# validators where installed, and the icons rendered at build time. cpack itself is not run here (too
# slow for CI): see "Packaging" in the README.
set(defs MOE_PACKAGING_DIR="${PROJECT_SOURCE_DIR}/packaging" MOE_PROJECT_VERSION="${PROJECT_VERSION}"
         MOE_ICON_SVG="${PROJECT_SOURCE_DIR}/resources/icons/moe-studio.svg")
set(libs Qt6::Core)
set(deps moe moe_packaging_files)
if(MOE_BUILD_GUI)
  list(APPEND defs MOE_STUDIO_PATH="$<TARGET_FILE:moe-studio>" MOE_ICON_DIR="${PROJECT_BINARY_DIR}/packaging/icons/hicolor")
  list(APPEND libs Qt6::Gui)
  list(APPEND deps moe-studio)
endif()
moe_add_test(test_packaging SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_packaging.cpp LIBS ${libs})
target_compile_definitions(test_packaging PRIVATE ${defs})
add_dependencies(test_packaging ${deps})
