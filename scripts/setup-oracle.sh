#!/usr/bin/env bash
# Installs the tokenizer oracle (tests/oracle: the Hugging Face `tokenizers` library with Node bindings
# and four real tokenizer.json files) for test_tokenizer_diff and bench/bench_tokenizer.sh.
# Idempotent: does nothing when node_modules already matches package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../tests/oracle"

for tool in node npm; do
  command -v "$tool" >/dev/null || {
    echo "setup-oracle: '$tool' not found; install Node.js 18+ and npm (scripts/install-deps.sh)" >&2
    exit 1
  }
done

stamp=node_modules/.moe-oracle-stamp
want=$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "setup-oracle: tests/oracle/node_modules is up to date" >&2
  exit 0
fi

if [ -f package-lock.json ]; then
  cmd=(npm ci)
else
  cmd=(npm install)
fi
echo "setup-oracle: ${cmd[*]} in tests/oracle" >&2
"${cmd[@]}" --no-audit --no-fund --loglevel=error >&2 || {
  echo "setup-oracle: '${cmd[*]}' failed in tests/oracle (is the npm registry reachable?)" >&2
  exit 1
}
node -e "require('tokenizers')" || {
  echo "setup-oracle: the tokenizers package does not load on this platform" >&2
  exit 1
}
# Recomputed: `npm install` creates package-lock.json.
cat package.json package-lock.json | sha256sum | cut -d' ' -f1 >"$stamp"
echo "setup-oracle: done" >&2
