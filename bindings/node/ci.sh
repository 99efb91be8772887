#!/usr/bin/env bash
# Builds the Node addon (debug) and runs its node --test suite, on a fresh machine.
# Run from the repository root: bash bindings/node/ci.sh
# Needs: cargo and Node 18 or later (npm ci installs the test's one dependency, fast-check).
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)
node --version
(cd bindings/node && npm ci --no-audit --no-fund)
cargo build -p safeguarding-rules-node
node bindings/node/scripts/copy-addon.js debug
(cd bindings/node && node --test test/)
echo "bindings/node/ci.sh: $(( $(date +%s) - start ))s"
