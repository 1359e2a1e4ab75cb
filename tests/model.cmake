moe_add_test(test_model_parity SOURCES test_model_parity.cpp model_variants.cpp model_variants.h LIBS moe_core)
