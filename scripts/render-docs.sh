#!/usr/bin/env bash
# Redraws the filmstrips in docs/images/ from the shipped example benchmarks and solutions:
# `bench evaluate --render` (first sample, iso view, 0/25/50/75/100 % of the time limit), scaled to 320x240.
# Needs a built leviathan (scripts/setup.sh; or LEVIATHAN_BIN=path) and ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${LEVIATHAN_BIN:-}" ]; then LEVIATHAN=("$LEVIATHAN_BIN"); elif [ -x artifacts/leviathan/leviathan ]; then LEVIATHAN=(artifacts/leviathan/leviathan); else LEVIATHAN=(dotnet run --project src/Leviathan.Cli --); fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p docs/images
for solution in examples/solutions/*/; do
  solution="${solution%/}"
  name="$(basename "$solution")"
  "${LEVIATHAN[@]}" bench evaluate "examples/benchmarks/$name.json" "$solution" --samples 1 --render "$work/$name" >/dev/null
  for i in 0 1 2 3 4; do
    ffmpeg -v error -y -i "$work/$name/filmstrip-iso-000$i.png" -vf "scale=320:240:flags=area" "docs/images/$name-$i.png"
  done
  echo "render-docs: docs/images/$name-{0..4}.png"
done
