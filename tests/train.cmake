moe_add_test(test_balance_loss SOURCES test_balance_loss.cpp LIBS moe_core)
moe_add_test(test_train SOURCES test_train.cpp compose_fixtures.cpp LIBS moe_core)
add_dependencies(test_train moe)
