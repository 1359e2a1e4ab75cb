# The Analyse page: trace loading, filters, token view / plot sync, diagnostics, figure export and the
# headless `moe-studio --export-figure`.
if(MOE_BUILD_GUI)
  moe_add_test(test_gui_analyse SOURCES test_gui_analyse.cpp LIBS moe_ui GUI)
  target_compile_definitions(test_gui_analyse PRIVATE MOE_STUDIO_PATH="$<TARGET_FILE:moe-studio>")
  add_dependencies(test_gui_analyse moe-studio)
endif()
