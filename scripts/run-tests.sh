#!/usr/bin/env bash
# README command 2: install dependencies, build, and run every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
begin=$(date +%s)
bash scripts/install-deps.sh
bash scripts/setup-oracle.sh
start=$(date +%s)
bash scripts/build.sh
echo "run-tests: build took $(( $(date +%s) - start )) s" >&2
export QT_QPA_PLATFORM=offscreen
cd build
ctest --output-on-failure --parallel "$(nproc)"
cd ..
# ~30 s of each libFuzzer target (clang, ASan + UBSan, its own build-fuzz/): any finding fails.
bash scripts/fuzz-smoke.sh
# The whole suite again under ASan + UBSan (its own build-asan/). It doubles the build time, so on a
# machine where the steps above already took more than MOE_SANITIZE_AFTER_S (default 45 minutes, for a
# 90-minute CI limit) it is left out, loudly; MOE_SANITIZE_TESTS=0 leaves it out, =1 always runs it.
elapsed=$(( $(date +%s) - begin ))
case "${MOE_SANITIZE_TESTS:-auto}" in
  0) echo "run-tests: sanitizer run left out (MOE_SANITIZE_TESTS=0)" >&2 ;;
  1) bash scripts/sanitize-tests.sh ;;
  *) if (( elapsed <= ${MOE_SANITIZE_AFTER_S:-2700} )); then
       bash scripts/sanitize-tests.sh
     else
       echo "run-tests: WARNING: sanitizer run left out: ${elapsed} s already spent (limit ${MOE_SANITIZE_AFTER_S:-2700} s)" >&2
     fi ;;
esac
echo "run-tests: everything took $(( $(date +%s) - begin )) s" >&2
