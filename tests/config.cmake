# config.json -> HParams (transformers 5 and legacy forms, defaults, bad configs); RoPE frequencies.
moe_add_test(test_hparams SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_hparams.cpp LIBS moe_core)
moe_add_test(test_rope SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_rope.cpp LIBS moe_core)
