# The bad-input corpus (tests/data/bad, described by cases.json) run through the `moe` binary: exit code
# 2 and one specific stderr line per case; a huge tokenizer loads in bounded memory.
moe_add_test(test_bad_input SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_bad_input.cpp ${CMAKE_CURRENT_SOURCE_DIR}/bad_input_cases.cpp)
add_dependencies(test_bad_input moe)
