#!/usr/bin/env bash
# README command 1: install dependencies, build, and open the MoE Studio window on its built-in demo
# (built on the first run, a few minutes; cached in the application data folder afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
args=("$@")
((${#args[@]})) || args=(--demo)  # no FILE given: the built-in demo
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "run-app: no display found; starting under xvfb-run (set DISPLAY to see the window)" >&2
  exec xvfb-run -a ./build/app/moe-studio "${args[@]}"
fi
exec ./build/app/moe-studio "${args[@]}"
