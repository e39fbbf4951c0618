#!/usr/bin/env bash
# Bounded load over the whole suite (loopback only): starts it with ./run.sh if needed, prepares CHILDREN children,
# runs the screens' mix for SECONDS with CONCURRENCY callers and STREAMS live streams, and prints throughput, p50/p99,
# errors and each service's resident memory next to the same run's no-op gRPC baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
./run.sh >/dev/null
dotnet build bench/GoingHome.Benchmarks -c Release --nologo -v quiet >/dev/null
args=()
for entry in case=5101 approvals=5102 assessment=5103 notifications=5104 pathway=5105 lastinghomes=5106; do
  args+=(--service "${entry%%=*}=http://127.0.0.1:${entry##*=}" --pid "$(./run.sh pid "${entry%%=*}")")
done
dotnet bench/GoingHome.Benchmarks/bin/Release/net10.0/GoingHome.Benchmarks.dll suite "${args[@]}" --key-file .run/signing-key \
  --children "${CHILDREN:-100}" --concurrency "${CONCURRENCY:-32}" --streams "${STREAMS:-100}" --seconds "${SECONDS_PER_RUN:-30}"
