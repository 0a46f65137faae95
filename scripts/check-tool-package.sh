#!/usr/bin/env bash
# Packs the leviathan command as a .NET tool, installs it into a temporary tool path from the package folder,
# and checks that the installed command runs: 'leviathan --version' must print the project's version.
# Uses the Release build when it is up to date (scripts/setup.sh makes it); nothing is installed globally.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)

dotnet pack src/Leviathan.Cli -c Release -o "$work/packages" -nologo -v quiet
dotnet tool install Leviathan.Cli --tool-path "$work/tools" --add-source "$work/packages" --version "$version" >/dev/null
printed=$("$work/tools/leviathan" --version)
case "$printed" in
  "$version"*) echo "tool package: Leviathan.Cli $version installs and runs ('leviathan --version' printed $printed)" ;;
  *) echo "tool package: 'leviathan --version' printed '$printed', expected $version" >&2; exit 1 ;;
esac
