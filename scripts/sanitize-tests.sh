#!/usr/bin/env bash
# Builds the whole tree with AddressSanitizer + UndefinedBehaviorSanitizer (-DMOE_SANITIZE=ON, GCC, its own
# build-asan/; LibTorch and Qt stay uninstrumented) and runs every CTest test in it. Any ASan report, leak
# (third-party leaks are suppressed in tests/sanitizer/lsan.supp) or UBSan report fails the test.
# scripts/run-tests.sh runs it after the regular tests and the fuzz smoke runs.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Release -DMOE_SANITIZE=ON -DMOE_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan --parallel "$(nproc)"
echo "sanitize-tests: build took $(( $(date +%s) - start )) s" >&2
export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
start=$(date +%s)
ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" --timeout 1800
echo "sanitize-tests: tests took $(( $(date +%s) - start )) s" >&2
