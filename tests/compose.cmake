moe_add_test(test_compose_config SOURCES test_compose_config.cpp LIBS moe_core)
moe_add_test(test_compose_build SOURCES test_compose_build.cpp LIBS moe_core)
moe_add_test(test_gate_init SOURCES test_gate_init.cpp LIBS moe_core)
moe_add_test(test_compose_remote_code SOURCES test_compose_remote_code.cpp LIBS moe_core)
