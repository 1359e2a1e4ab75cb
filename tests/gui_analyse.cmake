# The Analyse page: trace loading, filters, token view / plot sync, diagnostics; figure export and the
# headless `moe-studio --export-figure` (test_gui_export); running a model on text in the worker, cancel, errors, saving,
# settings, recent files, comparison and BTS labels (test_gui_analyse_run).
if(MOE_BUILD_GUI)
  moe_add_test(test_gui_analyse SOURCES test_gui_analyse.cpp analyse_hand_trace.cpp LIBS moe_ui GUI)
  moe_add_test(test_gui_export SOURCES test_gui_export.cpp analyse_hand_trace.cpp LIBS moe_ui GUI)
  target_compile_definitions(test_gui_export PRIVATE MOE_STUDIO_PATH="$<TARGET_FILE:moe-studio>")
  add_dependencies(test_gui_export moe-studio)
  moe_add_test(test_gui_analyse_run SOURCES test_gui_analyse_run.cpp LIBS moe_ui GUI)
endif()
