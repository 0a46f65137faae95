#!/usr/bin/env bash
# Installs what Leviathan needs on a fresh Debian 12 machine that has the .NET 10 SDK, then builds.
# Idempotent: packages already present are not reinstalled. Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: the sandbox, physics, CAD and the tools the tests start.
APT_PACKAGES=(git sqlite3 python3 bubblewrap libmujoco-dev libmujoco-samples openscad xvfb xauth gcc podman runc debootstrap time postgresql)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 2
fi

# Extra steps of individual areas (native shims, npm tools), in name order.
for step in scripts/setup.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step"
done

echo "setup: building (Release)"
dotnet build Leviathan.sln -c Release -nologo -clp:ErrorsOnly -v:q

# The leviathan command itself, precompiled (ReadyToRun) so that it starts without JIT-compiling its
# dependencies: `runs show` and friends answer in a fraction of a second. A separate artifacts folder keeps
# this runtime-specific build out of the solution's bin/obj folders. Leviathan.Simulation is an executable (the
# MuJoCo worker) referenced both with and without a runtime identifier; its two identical apphosts would otherwise
# stop the publish as duplicates.
echo "setup: publishing the leviathan command to artifacts/leviathan (ReadyToRun)"
dotnet publish src/Leviathan.Cli -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -p:ErrorOnDuplicatePublishOutputFiles=false --artifacts-path artifacts/build -o artifacts/leviathan -nologo -clp:ErrorsOnly -v:q
