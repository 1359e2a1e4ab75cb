#!/usr/bin/env bash
# README command 2: install dependencies, build, and run every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
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
