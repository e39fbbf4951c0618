#!/usr/bin/env bash
# Runs every test: buf lint on the contracts, the .NET test projects, then ./run.sh from a fresh clone. Tests start
# their own throwaway PostgreSQL and Redis from the installed binaries; set GOINGHOME_TEST_POSTGRES /
# GOINGHOME_TEST_REDIS (connection strings) to use servers that already exist instead.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh
ensure_prerequisites
ensure_browser

# Fails when a committed generated file or folder ($2) differs from what its generator makes now ($1).
require_current() {
  if ! diff -r -q "$1" "$2" >/dev/null; then
    echo "$2 is stale: run $3" >&2
    exit 1
  fi
}
generated=$(mktemp -d)
trap 'rm -rf "$generated"' EXIT

echo "== buf lint protos/"
node_modules/.bin/buf lint protos
if command -v python3 >/dev/null; then
  echo "== docs/contracts.md is generated from protos/"
  scripts/contract-reference.sh "$generated/contracts.md"
  require_current "$generated/contracts.md" docs/contracts.md scripts/contract-reference.sh
fi

echo "== clients/web/src/gen is generated from protos/"
(cd clients/web && PATH="$PWD/../../node_modules/.bin:$PATH" buf generate ../../protos --template buf.gen.yaml -o "$generated/client")
require_current "$generated/client/src/gen" clients/web/src/gen "npm run generate -w clients/web"

echo "== buf breaking: protos/ against the frozen contract v1 (contracts/goinghome-v1.binpb)"
node_modules/.bin/buf breaking protos --against contracts/goinghome-v1.binpb

echo "== Kubernetes manifests (deploy/kubernetes) against the Kubernetes schemas, offline"
node deploy/kubernetes.mjs check

echo "== dotnet build"
dotnet build GoingHome.sln -c Release -warnaserror --nologo -v quiet

echo "== the GoingHome.Contracts package carries the C# types and the .proto files"
packages=$(mktemp -d)
dotnet pack services/GoingHome.Contracts -c Release --no-build --nologo -v quiet -o "$packages"
package="$packages/GoingHome.Contracts.1.0.0.nupkg"
# The listing is read whole first: grep -q stops at its first match, and unzip writing into the closed pipe would fail
# the pipeline (pipefail) at random.
listing=$(unzip -l "$package")
for entry in lib/net10.0/GoingHome.Contracts.dll protos/goinghome/case/v1/case.proto protos/goinghome/events/v1/envelope.proto; do
  grep -q " $entry\$" <<<"$listing" || { echo "$package lacks $entry" >&2; exit 1; }
done
rm -rf "$packages"

echo "== dotnet test"
log=$(mktemp)
set +e
dotnet test GoingHome.sln -c Release --no-build --nologo --blame-hang-timeout 5m --blame-hang-dump-type none \
  --filter "FullyQualifiedName!~GoingHome.Suite.Tests" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# The whole suite as processes (journeys, faults, two instances, the Node client) runs alone, after the rest: each of
# its tests starts six or twelve services, which would starve the other projects' timing on two cores.
echo "== the whole suite: journeys, faults (short form), two instances, Node client"
dotnet test tests/GoingHome.Suite.Tests -c Release --no-build --nologo --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee -a "$log"
suite_status=${PIPESTATUS[0]}
if [ "$suite_status" -ne 0 ]; then status=$suite_status; fi
set -e
echo "== a newcomer's first run: ./run.sh from a fresh clone, every service called with a documented token"
if ! scripts/fresh-clone-check.sh; then status=1; echo "Failed: 1, the fresh-clone run" >>"$log"; fi
passed=$(grep -oE 'Passed: +[0-9]+,' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -oE 'Failed: +[0-9]+,' "$log" | awk '{s += $2} END {print s + 0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
