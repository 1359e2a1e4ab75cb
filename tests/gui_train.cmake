# The Train page (issue 8): a short run through the worker filling the plots and the progress and
# writing the output, Cancel writing nothing, a sample routed with the current routers during a run and
# through the folder before and after, bad model folders, errors, the replace question, Open in Analyse
# and the remembered inputs, offscreen on a tiny composed model.
if(MOE_BUILD_GUI)
  moe_add_test(test_gui_train SOURCES test_gui_train.cpp compose_fixtures.cpp analyse_hand_trace.cpp LIBS moe_ui GUI)
endif()
