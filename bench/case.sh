#!/usr/bin/env bash
# Starts the suite with ./run.sh if needed, then benchmarks the Case service against same-run baselines.
set -euo pipefail
cd "$(dirname "$0")/.."
./run.sh >/dev/null
dotnet build bench/GoingHome.Benchmarks -c Release --nologo -v quiet >/dev/null
dotnet bench/GoingHome.Benchmarks/bin/Release/net10.0/GoingHome.Benchmarks.dll case \
  --grpc http://127.0.0.1:5101 --key-file .run/signing-key \
  --casedb "Host=127.0.0.1;Port=55432;Username=postgres;Database=casedb;Maximum Pool Size=32" \
  --seconds "${SECONDS_PER_RUN:-10}" --concurrency 16 --pid "case=$(./run.sh pid case | head -n 1)"
