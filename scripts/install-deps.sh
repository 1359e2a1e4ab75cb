#!/usr/bin/env bash
# Installs every Debian 12 package MoE Studio needs to build, run and test. Idempotent: packages that
# are already installed are skipped, and `apt-get update` runs once, only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev  # (libqt6svg6-dev is a virtual name qt6-svg-dev provides)
  libqcustomplot-dev libqcustomplot2.1-qt6
  libtorch-dev libopenblas0-pthread
  nlohmann-json3-dev libpcre2-dev libutf8proc-dev libyaml-cpp-dev
  xvfb xauth
  clang libclang-rt-14-dev                        # scripts/fuzz-smoke.sh: libFuzzer, ASan, UBSan runtimes
  dpkg-dev file                                   # cpack -G DEB: dpkg-shlibdeps computes the Depends line
  appstream desktop-file-utils shared-mime-info groff-base  # tests/test_packaging: validators, man pages
  nodejs npm
)

missing=()
for p in "${PACKAGES[@]}"; do
  # NodeSource's nodejs bundles npm and conflicts with Debian's npm package.
  [ "$p" = npm ] && command -v npm >/dev/null && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
  echo "install-deps: all packages present" >&2
fi
