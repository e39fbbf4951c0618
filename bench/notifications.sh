#!/usr/bin/env bash
# Starts the suite with ./run.sh if needed, then benchmarks Notifications: event-to-live-inbox latency at a steady
# rate, and many concurrent live streams on one instance, with its resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
./run.sh >/dev/null
dotnet build bench/GoingHome.Benchmarks -c Release --nologo -v quiet >/dev/null
dotnet bench/GoingHome.Benchmarks/bin/Release/net10.0/GoingHome.Benchmarks.dll notifications \
  --grpc http://127.0.0.1:5104 --case http://127.0.0.1:5101 --redis "${GOINGHOME_REDIS:-127.0.0.1:${GOINGHOME_REDIS_PORT:-56379}}" \
  --key-file .run/signing-key --rate "${RATE:-500}" --seconds "${SECONDS_PER_RUN:-60}" --streams "${STREAMS:-1000}" \
  --pid "notifications=$(./run.sh pid notifications | head -n 1)"
