# `moe tokenize` against the Hugging Face tokenizers library (tests/oracle, Node): generated strings on
# four real tokenizers, zero differences. Needs tests/oracle/node_modules (scripts/setup-oracle.sh).
moe_add_test(test_tokenizer_diff SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_tokenizer_diff.cpp LIBS moe_core)
target_compile_definitions(test_tokenizer_diff PRIVATE MOE_ORACLE_DIR="${PROJECT_SOURCE_DIR}/tests/oracle")
add_dependencies(test_tokenizer_diff moe)
