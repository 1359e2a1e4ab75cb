# The Compose page (issue 7): its document without widgets (edits, undo/redo, dirty state, JSON round
# trips, validation) and the page offscreen (fill the form, build through the worker, cancel, problems,
# dirty title and "save changes?").
moe_add_test(test_compose_document SOURCES test_compose_document.cpp LIBS moe_ui GUI)
moe_add_test(test_gui_compose SOURCES test_gui_compose.cpp LIBS moe_ui GUI)
