#!/usr/bin/env bash
# The contract's second, independent check: the end-to-end tests' traffic goes through Stoplight Prism in proxy mode
# (tests/Leviathan.Server.Tests/Contract/PrismProxyTests.cs). Installed into .tools/prism, never globally. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
PRISM_VERSION=5.16.0
if [ -x .tools/prism/node_modules/.bin/prism ] && [ "$(.tools/prism/node_modules/.bin/prism --version 2>/dev/null)" = "$PRISM_VERSION" ]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "prism: npm is required (sudo apt-get install -y npm)" >&2
  exit 2
fi
echo "prism: installing @stoplight/prism-cli $PRISM_VERSION into .tools/prism"
mkdir -p .tools/prism
npm install --silent --no-audit --no-fund --prefix .tools/prism "@stoplight/prism-cli@$PRISM_VERSION" >/dev/null
