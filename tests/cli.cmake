# The `moe` command line run as a process: exit codes, one-line errors, inspect and forward.
moe_add_test(test_cli SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_cli.cpp LIBS moe_core)
add_dependencies(test_cli moe)
