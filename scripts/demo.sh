#!/usr/bin/env bash
# The main job end to end: the agent team fixes a failing test in a fresh copy of examples/agent-task,
# in the bubblewrap sandbox, verified by running the tests, recorded in the trace store. The model's side is
# replayed from the cassette shipped with the example, so no model server is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

bash scripts/setup.sh

leviathan="$root/artifacts/leviathan/leviathan"
example="$root/examples/agent-task"
work="$(mktemp -d "${TMPDIR:-/tmp}/leviathan-demo.XXXXXX")"
cp -r "$example/project/." "$work/"
export LEVIATHAN_HOME="${LEVIATHAN_HOME:-$work.home}"

echo
echo "demo: workspace $work (a copy of examples/agent-task/project)"
echo "demo: the model side is REPLAYED from the recorded cassette $example/cassette.jsonl; tools, sandbox, verification and trace are real"
echo "demo: before: $(cd "$work" && python3 -B test_calc.py | head -1 || true)"
echo

status=0
"$leviathan" run "$(cat "$example/goal.txt")" \
  --workspace "$work" \
  --verify "$(cat "$example/verify.txt")" \
  --replay-cassette "$example/cassette.jsonl" || status=$?

echo
echo "demo: after: $(cd "$work" && python3 -B test_calc.py | tail -1 || true)"
echo "demo: the trace is in $LEVIATHAN_HOME/leviathan.db — try: LEVIATHAN_HOME=$LEVIATHAN_HOME $leviathan runs list"
exit "$status"
