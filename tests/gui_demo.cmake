# The built-in demo in the GUI: progress dialog, Analyse opened on the result, cache, cancel.
if(MOE_BUILD_GUI)
  moe_add_test(test_gui_demo SOURCES test_gui_demo.cpp analyse_hand_trace.cpp LIBS moe_ui GUI)
endif()
