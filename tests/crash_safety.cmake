# moe build / moe train killed (SIGKILL) at many moments: the output path holds the previous output or
# nothing, never a partial checkpoint that loads; leftovers are refused and removed by the next run.
moe_add_test(test_crash_safety SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_crash_safety.cpp LIBS moe_core)
add_dependencies(test_crash_safety moe)
