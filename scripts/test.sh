#!/usr/bin/env bash
# Sets up the machine, builds, and runs every test. Prints one closing line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit $?

log=$(mktemp)
dotnet test Leviathan.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries ("Failed!  - Failed: 1, Passed: 10, Skipped: 0, ...").
read -r passed failed skipped < <(grep -E '(Passed|Failed)!  -' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/' \
  | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"

# The packaged command: packs, installs into a temporary tool path and runs it.
if ! bash scripts/check-tool-package.sh; then
  status=1
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" = 0 ] && [ "$passed" = 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
