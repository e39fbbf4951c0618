#!/usr/bin/env bash
# One runaway client against the screens: the load mix alone and while "floodclient" (an integrator's loop that
# ignores RetryInfo) calls Case's GetChild from FLOOD_CONCURRENCY (64) loops as fast as answers come back, alternating,
# twice each; prints each run and the ratio of the mix's p99 flooded to alone (aim <= 1.20). The suite is started
# afresh with floodclient held to FLOOD_RATE (20) calls/s and 4 at once, as a deployment would limit an integrator
# (Limits:Clients:floodclient), and stopped afterwards so the next start has the usual limits.
set -euo pipefail
cd "$(dirname "$0")/.."
./run.sh stop >/dev/null
export Limits__Clients__floodclient__PermitsPerSecond="${FLOOD_RATE:-20}"
export Limits__Clients__floodclient__Burst="${FLOOD_RATE:-20}"
export Limits__Clients__floodclient__Concurrent=4
# The first run after a start warms the JIT, the connection pools and the database's caches; the second is kept.
SECONDS_PER_RUN=10 bash bench/load.sh >/dev/null
FLOOD_CONCURRENCY="${FLOOD_CONCURRENCY:-64}" bash bench/load.sh
./run.sh stop >/dev/null
