#!/usr/bin/env bash
# s3rver: the S3-compatible server the backup tests start on loopback (tests/Leviathan.Server.Tests/Backups). Installed
# from npm into .tools/npm of the repository (never globally); the tests look for .tools/npm/node_modules/.bin/s3rver.
# Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=3.7.1
PREFIX=.tools/npm
if [ -x "$PREFIX/node_modules/.bin/s3rver" ] && grep -q "\"version\": \"$VERSION\"" "$PREFIX/node_modules/s3rver/package.json" 2>/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "s3rver: npm is required (apt-get install nodejs npm)" >&2
  exit 2
fi
echo "s3rver: installing s3rver $VERSION into $PREFIX"
mkdir -p "$PREFIX"
npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "s3rver@$VERSION" >/dev/null
