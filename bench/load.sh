#!/usr/bin/env bash
# Bounded load over the whole suite (loopback only): starts it with ./run.sh if needed, prepares CHILDREN children,
# runs the screens' mix for SECONDS with CONCURRENCY callers and STREAMS live streams, and prints throughput, p50/p99,
# errors, the CPU each process spent per operation and each service's resident memory, next to the same run's no-op.
# SCALED=case INSTANCES=4 runs that service as four instances behind its one address (restarting the suite if it runs
# with another count); bench/scaling.sh takes the curve.
set -euo pipefail
cd "$(dirname "$0")/.."
scaled="${SCALED:-}"
if [ -n "$scaled" ]; then
  instances="${INSTANCES:-1}"
  running=$( (./run.sh pid "$scaled" || true) | wc -l)
  if [ "$running" != 0 ] && [ "$running" != "$instances" ]; then ./run.sh stop >/dev/null; fi
  export "GoingHome__Replicas__$scaled=$instances"
fi
./run.sh >/dev/null
dotnet build bench/GoingHome.Benchmarks -c Release --nologo -v quiet >/dev/null
args=()
for entry in case=5101 approvals=5102 assessment=5103 notifications=5104 pathway=5105 lastinghomes=5106; do
  name="${entry%%=*}"
  args+=(--service "$name=http://127.0.0.1:${entry##*=}")
  for pid in $(./run.sh pid "$name"); do args+=(--pid "$name=$pid"); done
done
# The rest of what runs the suite, so the CPU split adds up: PostgreSQL (every backend), Redis, the dashboard, DCP.
for entry in "postgresql=^postgres|/bin/postgres " "redis=^redis-server" "dashboard=Aspire.Dashboard" "dcp=/dcp "; do
  args+=(--other "$entry")
done
dotnet bench/GoingHome.Benchmarks/bin/Release/net10.0/GoingHome.Benchmarks.dll suite "${args[@]}" --key-file .run/signing-key \
  --children "${CHILDREN:-100}" --concurrency "${CONCURRENCY:-32}" --streams "${STREAMS:-100}" --seconds "${SECONDS_PER_RUN:-30}" \
  --flood-concurrency "${FLOOD_CONCURRENCY:-0}"
