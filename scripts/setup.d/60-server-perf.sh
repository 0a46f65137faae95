#!/usr/bin/env bash
# The HTTP service's load benchmark (perf/Leviathan.Perf.Server) drives the server with wrk. Idempotent.
set -euo pipefail
if dpkg-query -W -f='${Status}' wrk 2>/dev/null | grep -q "install ok installed"; then
  exit 0
fi
echo "server-perf: installing wrk"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null
