# The fuzzers' findings (tests/data/bad/fuzz) and seed corpora (fuzz/corpus) replayed through the fuzz entry
# points in the regular build: each input ends as recorded, never with an exception other than moe::Error.
moe_add_test(test_fuzz_regressions SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_fuzz_regressions.cpp
             ${PROJECT_SOURCE_DIR}/fuzz/entries.cpp ${PROJECT_SOURCE_DIR}/fuzz/entries_io.cpp
             ${PROJECT_SOURCE_DIR}/fuzz/entries_config.cpp ${PROJECT_SOURCE_DIR}/fuzz/entries_tokenizer.cpp
             LIBS moe_core)
target_compile_definitions(test_fuzz_regressions PRIVATE MOE_FUZZ_CORPUS="${PROJECT_SOURCE_DIR}/fuzz/corpus")
