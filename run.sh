#!/usr/bin/env bash
# Starts the suite through its Aspire AppHost (apphost/GoingHome.AppHost, from apphost/GoingHome.AppHost/suite.json),
# which runs PostgreSQL, Redis, the six services and the dashboard. This script only installs what is missing, makes
# the development signing key, builds, and keeps the AppHost running in the background for scripts and terminals.
#   ./run.sh          install, build, start the AppHost, wait until every service and the web app are healthy, print
#                     the web app's and the dashboard's URLs and the endpoints, then return (the suite keeps running; its console is .run/apphost.log)
#   ./run.sh status   each service's health and endpoints, and the dashboard login URL
#   ./run.sh stop     stop the AppHost, which stops everything it started
#   ./run.sh pid S    the process ids of service S, one per instance (for the benchmarks)
# Without a healthy container runtime PostgreSQL and Redis run as local processes the AppHost manages (data in .run/);
# GOINGHOME_INFRASTRUCTURE=containers|processes chooses instead of the probe.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

STATE="$(pwd)/.run"
CONFIGURATION=${GOINGHOME_CONFIGURATION:-Release}
PIDFILE="$STATE/apphost.pid"
LOG="$STATE/apphost.log"

# name gRPC-port web-port, from the AppHost's own table.
services() {
  node -e 'for (const s of require("./apphost/GoingHome.AppHost/suite.json").services) console.log(`${s.name} ${s.grpcPort} ${s.webPort}`)'
}

# The reference web app's port; browsers must use http://localhost:<port>, the origin the services allow.
web_app_port() { node -e 'console.log(require("./apphost/GoingHome.AppHost/suite.json").webApp.port)'; }

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

login_url() { grep -oE 'Login to the dashboard at \S+' "$LOG" 2>/dev/null | tail -n 1 | awk '{print $NF}'; }

# The development signing key is made once, before anything starts, and appears whole (written aside, then renamed):
# the AppHost hands this one key to every service, and the token tool reads the same file.
ensure_signing_key() {
  if [ ! -s "$STATE/signing-key" ]; then
    mkdir -p "$STATE"
    (umask 077; head -c 48 /dev/urandom | base64 -w0 > "$STATE/signing-key.new" && mv "$STATE/signing-key.new" "$STATE/signing-key")
  fi
}

status() {
  local name grpc web health
  printf '%-14s %-9s %-24s %s\n' SERVICE HEALTH GRPC "WEB (gRPC-Web, JSON)"
  while read -r name grpc web; do
    health=$(curl -s -m 2 "http://127.0.0.1:$web/health" || true)
    printf '%-14s %-9s %-24s %s\n' "$name" "${health:-down}" "http://127.0.0.1:$grpc" "http://127.0.0.1:$web"
  done < <(services)
  health=$(curl -s -m 2 "http://127.0.0.1:$(web_app_port)/health" || true)
  printf '%-14s %-9s %s\n' "web app" "${health:-down}" "http://localhost:$(web_app_port)"
  if running; then echo "Dashboard: $(login_url)"; else echo "The AppHost is not running."; fi
}

# The AppHost's own process (dotnet run's child), whose exit DCP watches to stop every resource.
apphost_process() { pgrep -f "^$(pwd)/apphost/GoingHome.AppHost/bin/$CONFIGURATION/net10.0/GoingHome.AppHost" | head -n 1; }

stop() {
  if running; then
    local runner pid
    runner=$(cat "$PIDFILE")
    pid=$(apphost_process || true)
    kill -TERM "${pid:-$runner}" 2>/dev/null || true
    # The AppHost stops the services first (they drain their read audit and relay), then Redis and PostgreSQL; wait
    # for all of it, so a new start finds the ports and the data folder free.
    for _ in $(seq 600); do
      { [ -n "$(apphost_process)" ] || pgrep -f "postgres -D $STATE/postgres/cluster" >/dev/null || kill -0 "$runner" 2>/dev/null; } || break
      sleep 0.1
    done
  fi
  rm -f "$PIDFILE"
  echo "Stopped."
}

wait_for_health() {
  local name web deadline=$((SECONDS + 300))
  while read -r name _ web; do
    until [ "$(curl -s -m 2 "http://127.0.0.1:$web/health" || true)" = "Healthy" ]; do
      if [ $SECONDS -gt $deadline ] || ! running; then
        echo "$name did not become healthy; the AppHost's last lines:" >&2; tail -n 40 "$LOG" >&2
        [ -f "$STATE/postgres.log" ] && { echo "PostgreSQL's last lines:" >&2; tail -n 20 "$STATE/postgres.log" >&2; }
        return 1
      fi
      sleep 1
    done
  done < <(services; echo "web-app - $(web_app_port)")
}

# The process of one service, as DCP runs it from its build output.
service_pid() {
  local project
  project=$(node -e 'const s = require("./apphost/GoingHome.AppHost/suite.json").services.find(x => x.name === process.argv[1]); if (s) console.log(s.project)' "$1")
  [ -n "$project" ] && pgrep -f "^$(pwd)/services/$project/bin/$CONFIGURATION/net10.0/$project\$"
}

case "${1:-up}" in
  stop) stop; exit 0 ;;
  pid) service_pid "${2:?usage: ./run.sh pid <service>}"; exit 0 ;;
  status) status; exit 0 ;;
  up) ;;
  *) echo "usage: ./run.sh [up|status|stop|pid <service>]" >&2; exit 2 ;;
esac

if running; then status; exit 0; fi
ensure_prerequisites
ensure_signing_key
echo "Building ($CONFIGURATION)..."
dotnet build GoingHome.sln -c "$CONFIGURATION" --nologo -v quiet >/dev/null
[ -f "$LOG" ] && mv "$LOG" "$LOG.1"
# Its own session, so closing this terminal does not stop it; ./run.sh stop sends the signal the AppHost handles.
env "Parameters__auth-signing-key=$(cat "$STATE/signing-key")" \
    "Parameters__cors-origin=${GOINGHOME_CORS_ORIGIN:-http://localhost:5173}" \
    GoingHome__DataFolder="$STATE" GoingHome__Infrastructure="${GOINGHOME_INFRASTRUCTURE:-auto}" \
    setsid nohup dotnet run --project apphost/GoingHome.AppHost --no-build -c "$CONFIGURATION" --launch-profile http \
    >"$LOG" 2>&1 </dev/null &
echo $! > "$PIDFILE"
echo "Starting the AppHost (console: .run/apphost.log)..."
# A half-started suite is never left running: stop what did start, and say which service failed.
wait_for_health || { stop; exit 1; }
echo
status
cat <<EOT

A token (8 hours) for a social worker:
  TOKEN=\$(dotnet tools/GoingHome.TokenIssuer/bin/$CONFIGURATION/net10.0/GoingHome.TokenIssuer.dll --key-file .run/signing-key --user sw-1 --name "Sam Social" --roles SW)
Then, for example:
  npx buf curl --protocol grpc --http2-prior-knowledge --schema protos -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:5101/goinghome.case.v1.CaseService/ListChildren
  curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:5201/v1/children
Open the web app at http://localhost:$(web_app_port) (development sign-in: pick a person and role).
Open the dashboard at the URL above (resources, console and structured logs, traces, metrics). Stop with ./run.sh stop
EOT
