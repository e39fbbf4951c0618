#!/usr/bin/env bash
# The load mix at 1, 2 and 4 instances of one service (SCALED, default case) on the same database, one suite start
# each; the other settings as bench/load.sh. Leaves the suite running with one instance again.
set -euo pipefail
cd "$(dirname "$0")/.."
export SCALED="${SCALED:-case}"
for instances in ${COUNTS:-1 2 4}; do
  echo "== $SCALED x $instances"
  # The first run after a start warms the JIT, the connection pools and the database's caches; the second is kept.
  INSTANCES=$instances bash bench/load.sh >/dev/null
  INSTANCES=$instances bash bench/load.sh
done
./run.sh stop >/dev/null
