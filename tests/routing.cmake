moe_add_test(test_routing SOURCES test_routing.cpp LIBS moe_core)
add_dependencies(test_routing moe)
