#!/usr/bin/env bash
# The sandbox launcher (src/Leviathan.Tools/Sandbox/Native/launch.c) is compiled by the Tools build with gcc
# against libseccomp: make sure the headers are there. Idempotent.
set -euo pipefail
if dpkg-query -W -f='${Status}' libseccomp-dev 2>/dev/null | grep -q "install ok installed"; then
  exit 0
fi
echo "sandbox-launch: installing libseccomp-dev"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libseccomp-dev gcc >/dev/null
