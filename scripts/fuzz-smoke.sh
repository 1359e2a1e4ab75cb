#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/: clang, ASan + UBSan) into build-fuzz/ and runs each on its committed
# corpus for a short while, one after the other. Any crash, leak, UBSan report, timeout (> 10 s on one input)
# or out-of-memory (> 2 GB) fails the script; the input that caused it is kept in build-fuzz/findings/.
#   bash scripts/fuzz-smoke.sh [--seconds N] [ENTRY...]     (default: 30 s each, every entry)
# New inputs go to build-fuzz/corpus/<entry>/ (the committed fuzz/corpus/ is only read); logs to build-fuzz/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=30
entries=()
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    *) entries+=("$1"); shift ;;
  esac
done
((${#entries[@]})) || entries=(safetensors_header checkpoint_index hparams tokenizer compose_config mergekit_yaml trace)

start=$(date +%s)
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DMOE_FUZZ=ON \
  -DMOE_BUILD_GUI=OFF -DMOE_BUILD_TESTS=OFF -DMOE_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz --parallel "$(nproc)" --target fuzzers
echo "fuzz-smoke: build took $(( $(date +%s) - start )) s" >&2

mkdir -p build-fuzz/findings build-fuzz/logs
failed=()
for e in "${entries[@]}"; do
  work=build-fuzz/corpus/$e
  mkdir -p "$work"
  log=build-fuzz/logs/$e.log
  rc=0
  "build-fuzz/fuzz/fuzz_$e" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 \
    -dict="fuzz/$e.dict" -artifact_prefix="build-fuzz/findings/$e-" -print_final_stats=1 \
    "$work" "fuzz/corpus/$e" >"$log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  if ((rc)); then
    failed+=("$e")
    echo "fuzz-smoke: $e FAILED (exit $rc) after ${runs:-?} runs; $(grep -E '^(SUMMARY|==[0-9]+==ERROR)' "$log" | head -1)" >&2
    grep -E 'Test unit written to|invariant violated|runtime error|ERROR:' "$log" | head -5 >&2 || true
  else
    echo "fuzz-smoke: $e ok: ${runs:-?} runs in ${seconds} s, ${cov:-?}" >&2
  fi
done
if ((${#failed[@]})); then
  echo "fuzz-smoke: findings in ${failed[*]} (inputs in build-fuzz/findings/, logs in build-fuzz/logs/)" >&2
  exit 1
fi
