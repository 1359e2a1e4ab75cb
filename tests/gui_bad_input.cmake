# Broken inputs opened in the GUI (the `gui` cases of tests/data/bad/cases.json): the core's message shows
# in a non-blocking message box or on the page, and the window survives.
if(MOE_BUILD_GUI)
  moe_add_test(test_gui_bad_input SOURCES test_gui_bad_input.cpp bad_input_cases.cpp LIBS moe_ui GUI)
  add_dependencies(test_gui_bad_input moe)
endif()
