#!/usr/bin/env bash
# A newcomer's first run, as the README tells it: clone the repository afresh, run ./run.sh (which installs, builds and
# starts the suite through the AppHost), mint a token the documented way, call every service over gRPC and JSON, stop,
# and check the run left the clone's working tree clean. Called by test.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
clone=$(mktemp -d /tmp/goinghome-fresh-XXXXXX)
cleanup() {
  (cd "$clone" && ./run.sh stop >/dev/null 2>&1) || true
  # Where Local/postgres.sh keeps the cluster of a checkout the postgres user cannot reach (a private temp folder).
  rm -rf "/var/lib/goinghome/$(printf '%s' "$clone/.run/postgres" | sha256sum | cut -c1-16)"
  rm -rf "$clone"
}
trap cleanup EXIT

if curl -s -m 2 -o /dev/null http://127.0.0.1:5201/health; then
  echo "skipped: a suite already answers on the documented ports (stop it with ./run.sh stop to run this check)"
  exit 0
fi

git clone -q "$repo" "$clone"
# Uncommitted work is part of what is being checked when this runs before a commit.
(cd "$repo" && git diff HEAD --binary) | (cd "$clone" && git apply --allow-empty --whitespace=nowarn)
(cd "$repo" && git ls-files --others --exclude-standard -z) | (cd "$repo" && xargs -0 -r cp --parents -t "$clone")
(cd "$clone" && git add -A && git -c user.name=check -c user.email=check@localhost commit -qm "the tree under test" --allow-empty)
cd "$clone"

./run.sh >run.out 2>&1 || { cat run.out; exit 1; }
grep -q "Login to the dashboard\|/login?t=" run.out || { echo "no dashboard login URL printed"; cat run.out; exit 1; }
grep -q "http://localhost:5173" run.out || { echo "no web app URL printed"; cat run.out; exit 1; }
grep -q "<title>GoingHome</title>" <<<"$(curl -s http://localhost:5173/tasks)" || { echo "the web app does not serve its page"; exit 1; }
services=$(curl -s http://localhost:5173/config.json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(Object.keys(JSON.parse(s).services).length))')
[ "$services" = 6 ] || { echo "the web app's /config.json names $services services, not 6"; exit 1; }
echo "web app: http://localhost:5173 serves the app, and its configuration names all six services"

TOKEN=$(dotnet tools/GoingHome.TokenIssuer/bin/Release/net10.0/GoingHome.TokenIssuer.dll --key-file .run/signing-key --user sw-1 --name "Sam Social" --roles SW)
failed=0
while read -r name grpc web path; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$web$path")
  anonymous=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$web$path")
  reflection=$(node_modules/.bin/buf curl --protocol grpc --http2-prior-knowledge --list-services "http://127.0.0.1:$grpc" | grep -c "goinghome\." || true)
  echo "$name: JSON with the token $code, without $anonymous; gRPC reflection lists $reflection GoingHome service(s)"
  [ "$code" = 200 ] && [ "$anonymous" = 401 ] && [ "$reflection" -ge 1 ] || failed=1
done <<'EOT'
case 5101 5201 /v1/children
approvals 5102 5202 /v1/approvalRequests
assessment 5103 5203 /v1/assessments
notifications 5104 5204 /v1/notifications
pathway 5105 5205 /v1/tasks
lastinghomes 5106 5206 /v1/lastingHomes:trackerSummary
EOT
./run.sh stop >/dev/null
rm -f run.out
dirty=$(git status --porcelain)
if [ -n "$dirty" ]; then echo "the run changed the working tree:"; echo "$dirty"; failed=1; fi
[ "$failed" -eq 0 ] && echo "fresh clone: ./run.sh brought up all six and the web app; every service answered a documented token"
exit "$failed"
