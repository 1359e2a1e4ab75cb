# Safetensors I/O: the reader against the fixture models, the streaming writer, the ATen bridge, and a
# corpus of malformed files and checkpoint folders that must be refused with moe::Error.
moe_add_test(test_safetensors SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_safetensors.cpp LIBS moe_core)
moe_add_test(test_safetensors_bad SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_safetensors_bad.cpp LIBS moe_core)
