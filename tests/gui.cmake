# The GUI shell: main window, pages, actions, progress panel, settings, and the moe-studio executable.
if(MOE_BUILD_GUI)
  moe_add_test(test_gui_shell SOURCES test_gui_shell.cpp LIBS moe_ui GUI)
  target_compile_definitions(test_gui_shell PRIVATE MOE_STUDIO_PATH="$<TARGET_FILE:moe-studio>")
  add_dependencies(test_gui_shell moe-studio)
endif()
