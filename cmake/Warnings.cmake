# Warnings for our own targets only (LibTorch headers are included as SYSTEM).
function(moe_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)
endfunction()
