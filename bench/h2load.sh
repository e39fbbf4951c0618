#!/usr/bin/env bash
# The honest baseline: a service's gRPC ceiling beside its calls, measured by h2load (nghttp2-client), an independent
# low-overhead HTTP/2 load client, in one run. The no-op is gRPC reflection's ListServices, which does no I/O; the
# health Check is shown too (it answers from the cached result of the last health publication).
#   bench/h2load.sh            Case: no-op, health, GetChild, ListChildren (first page)
# CONNECTIONS (4), STREAMS (8) per connection, SECONDS_PER_RUN (10) change the load.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
command -v h2load >/dev/null || { echo "Installing nghttp2-client with apt..."; as_root apt-get update -qq;
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nghttp2-client >/dev/null; }
./run.sh >/dev/null
dotnet build tools/GoingHome.TokenIssuer -c Release --nologo -v quiet >/dev/null
token=$(dotnet tools/GoingHome.TokenIssuer/bin/Release/net10.0/GoingHome.TokenIssuer.dll \
  --key-file .run/signing-key --user bench-sw --name "Bench Worker" --roles SW)
grpc=${GRPC_ADDRESS:-http://127.0.0.1:5101}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

# A child to read, created through the public API (JSON port), then the gRPC request bodies as length-prefixed frames.
child=$(curl -sf -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"requestId\":\"bench-$(date +%s%N)\",\"child\":{\"givenName\":\"Bench\",\"familyName\":\"Child\",\"dateOfBirth\":{\"year\":2016,\"month\":3,\"day\":4}}}" \
  http://127.0.0.1:5201/v1/children | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))')
node -e '
const fs = require("fs");
const frame = (bytes) => { const b = Buffer.alloc(5 + bytes.length); b.writeUInt32BE(bytes.length, 1); bytes.copy(b, 5); return b; };
const str = (field, s) => { const v = Buffer.from(s); return Buffer.concat([Buffer.from([(field << 3) | 2, v.length]), v]); };
const [dir, child] = process.argv.slice(1);
fs.writeFileSync(dir + "/reflection", frame(str(7, "*")));   // ServerReflectionRequest.list_services
fs.writeFileSync(dir + "/health", frame(Buffer.alloc(0)));    // HealthCheckRequest{}
fs.writeFileSync(dir + "/get-child", frame(str(1, child)));   // GetChildRequest.id
fs.writeFileSync(dir + "/list-children", frame(Buffer.from([0x08, 20])));  // ListChildrenRequest.page_size = 20
' "$work" "$child"

run() { # name path body [auth]
  local args=(-c "${CONNECTIONS:-4}" -m "${STREAMS:-8}" -D "${SECONDS_PER_RUN:-10}" --warm-up-time=2 -d "$work/$3"
    -H 'content-type: application/grpc' -H 'te: trailers')
  [ "${4:-}" = auth ] && args+=(-H "authorization: Bearer $token")
  local out; out=$(h2load "${args[@]}" "$grpc$2" 2>&1)
  local rate; rate=$(grep -oP 'finished in [0-9.]+s, \K[0-9.]+(?= req/s)' <<<"$out")
  local p; p=$(grep -P '^time for request:' <<<"$out" | awk '{print $6" (max "$5")"}')
  local ok; ok=$(grep -oP 'status codes: \K[0-9]+(?= 2xx)' <<<"$out")
  printf '%-48s %10.0f req/s   mean %-12s 2xx %s\n' "$1" "$rate" "$p" "$ok"
  echo "$rate" > "$work/$1.rate"
}
# gRPC answers errors with HTTP 200 too: check each call once, with the same token, before loading it.
for call in "grpc.health.v1.Health/Check:{}" "goinghome.case.v1.CaseService/GetChild:{\"id\":\"$child\"}" "goinghome.case.v1.CaseService/ListChildren:{\"pageSize\":20}"; do
  npx --no-install buf curl --protocol grpc --http2-prior-knowledge -H "Authorization: Bearer $token" -d "${call#*:}" "$grpc/${call%%:*}" >/dev/null
done

echo "h2load, ${CONNECTIONS:-4} connections x ${STREAMS:-8} streams, ${SECONDS_PER_RUN:-10} s each, against Case ($grpc)"
run noop /grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo reflection
run health /grpc.health.v1.Health/Check health
run GetChild /goinghome.case.v1.CaseService/GetChild get-child auth
run ListChildren /goinghome.case.v1.CaseService/ListChildren list-children auth
for name in health GetChild ListChildren; do
  awk -v n="$name" -v a="$(cat "$work/$name.rate")" -v b="$(cat "$work/noop.rate")" 'BEGIN { printf "%-14s %.2f of the no-op\n", n, a / b }'
done
echo "Case resident memory: $(( $(awk '/VmRSS/ {print $2}' "/proc/$(./run.sh pid case | head -n 1)/status") / 1024 )) MiB"
