moe_add_test(test_balance_loss SOURCES test_balance_loss.cpp LIBS moe_core)
