#!/usr/bin/env bash
# Where a call's time goes: loads one service with h2load on one method while dotnet-trace samples the service, then
# prints the heaviest frames (inclusive thread time) and the service's counters. For the next person who wants to
# make a call faster without reading the issues first.
#   bench/profile.sh [SERVICE] [METHOD]     default: case GetChild (Case's methods: GetChild, ListChildren)
# The trace is kept in .run/profiles/ (open it in PerfView or speedscope: dotnet-trace convert --format Speedscope).
set -euo pipefail
cd "$(dirname "$0")/.."
service=${1:-case}
method=${2:-GetChild}
[ "$service" = case ] || { echo "bench/profile.sh profiles the Case service's GetChild or ListChildren" >&2; exit 2; }
dotnet tool restore >/dev/null
mkdir -p .run/profiles
trace=".run/profiles/$service-$method-$(date +%Y%m%d-%H%M%S).nettrace"
pid=$(./run.sh pid "$service" | head -n 1)
dotnet dotnet-trace collect --process-id "$pid" --profile dotnet-sampled-thread-time --output "$trace" --duration 00:00:00:15 >/dev/null &
tracer=$!
SECONDS_PER_RUN=12 GRPC_ADDRESS="${GRPC_ADDRESS:-}" bench/h2load.sh | grep -E "^(h2load|noop|$method|Case)"
wait "$tracer"
dotnet dotnet-trace report "$trace" topN --inclusive -n 25 2>/dev/null || echo "trace kept in $trace"
dotnet dotnet-counters collect --process-id "$pid" --duration 5 --format csv --output .run/profiles/counters.csv >/dev/null 2>&1 || true
echo "trace: $trace"
