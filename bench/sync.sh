#!/usr/bin/env bash
# SyncChildren from a system of record: CHILDREN (10,000) children, SHAPE v1 (an episode, a placement and three
# allocations each) or ssda903 (each child's whole synthetic 903 history), in batches of BATCH (500), CONCURRENCY (2)
# batches at once; the first load and the unchanged re-load in children/s beside a binary COPY of the same rows in the
# same run. Starts the suite with ./run.sh if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
./run.sh >/dev/null
dotnet build bench/GoingHome.Benchmarks -c Release --nologo -v quiet >/dev/null
dotnet bench/GoingHome.Benchmarks/bin/Release/net10.0/GoingHome.Benchmarks.dll sync \
  --grpc http://127.0.0.1:5101 --key-file .run/signing-key \
  --casedb "Host=127.0.0.1;Port=55432;Username=postgres;Database=casedb" \
  --children "${CHILDREN:-10000}" --batch "${BATCH:-500}" --concurrency "${CONCURRENCY:-2}" --shape "${SHAPE:-v1}"
