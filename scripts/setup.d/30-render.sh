#!/usr/bin/env bash
# Rendering of simulations (`leviathan sim render`, `bench ... --render`): MuJoCo's renderer draws into an OpenGL
# context from EGL on Mesa's surfaceless platform (no X server needed; src/Leviathan.Simulation/Native/render.c is
# compiled against the EGL headers), and ffmpeg turns frames into MP4 videos. Idempotent.
set -euo pipefail
PACKAGES=(libegl-dev libegl1 libegl-mesa0 libgl1-mesa-dri ffmpeg)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "render: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
