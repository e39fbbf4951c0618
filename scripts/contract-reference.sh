#!/usr/bin/env bash
# Regenerates docs/contracts.md from protos/ (test.sh checks it is current).
set -euo pipefail
cd "$(dirname "$0")/.."
image=$(mktemp --suffix .json)
trap 'rm -f "$image"' EXIT
node_modules/.bin/buf build protos --exclude-imports -o "$image"
python3 scripts/contract-reference.py "$image" "${1:-docs/contracts.md}"
