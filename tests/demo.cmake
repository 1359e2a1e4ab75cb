# The built-in demo at reduced scale (issue 8's routing criterion), determinism and cancellation.
moe_add_test(test_demo SOURCES test_demo.cpp LIBS moe_core)
add_dependencies(test_demo moe)

if(MOE_SANITIZE)
  # The reduced-scale demo takes minutes of training when instrumented; it is skipped there.
  target_compile_definitions(test_demo PRIVATE MOE_SANITIZED=1)
endif()
