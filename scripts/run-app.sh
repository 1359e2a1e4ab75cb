#!/usr/bin/env bash
# README command 1: install dependencies, build, and open the MoE Studio window.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "run-app: no display found; starting under xvfb-run (set DISPLAY to see the window)" >&2
  exec xvfb-run -a ./build/app/moe-studio "$@"
fi
exec ./build/app/moe-studio "$@"
