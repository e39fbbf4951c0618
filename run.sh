#!/usr/bin/env bash
# The local runner: everything the Aspire AppHost gives, without Aspire or Docker.
#   ./run.sh          install what is missing, start PostgreSQL, Redis and every service, wait for health, print endpoints
#   ./run.sh status   health, address and recent errors of each service
#   ./run.sh stop     stop what ./run.sh started
# Existing servers: set GOINGHOME_POSTGRES (an Npgsql connection string with rights to create databases) and/or
# GOINGHOME_REDIS (a StackExchange.Redis connection string) and the runner uses them instead of starting its own.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/prerequisites.sh

ROOT=$(pwd)
STATE="$ROOT/.run"
PG_PORT=${GOINGHOME_PG_PORT:-55432}
REDIS_PORT=${GOINGHOME_REDIS_PORT:-56379}
CONFIGURATION=${GOINGHOME_CONFIGURATION:-Release}

# name|project|database|gRPC port|HTTP/1.1 port (gRPC-Web, JSON, health). The same names the AppHost declares.
SERVICES=(
  "case|GoingHome.Case|casedb|5101|5201"
  "approvals|GoingHome.Approvals|approvalsdb|5102|5202"
  "assessment|GoingHome.Assessment|assessmentdb|5103|5203"
  "notifications|GoingHome.Notifications|notificationsdb|5104|5204"
  "pathway|GoingHome.Pathway|pathwaydb|5105|5205"
  "lastinghomes|GoingHome.LastingHomes|lastinghomesdb|5106|5206"
)
DATABASES=(casedb approvalsdb assessmentdb notificationsdb pathwaydb lastinghomesdb)

pg_superuser() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

service_exists() { [ -f "services/$1/$1.csproj" ]; }

start_postgres() {
  if [ -n "${GOINGHOME_POSTGRES:-}" ]; then PG_CONNECTION="$GOINGHOME_POSTGRES"; return; fi
  local bin; bin=$(postgres_bin_dir)
  mkdir -p "$STATE/postgres"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$STATE/postgres"
  if [ ! -f "$STATE/postgres/data/PG_VERSION" ]; then
    echo "Creating a PostgreSQL cluster in .run/postgres..."
    pg_superuser "$bin/initdb" -D "$STATE/postgres/data" -U postgres --auth=trust --encoding=UTF8 >/dev/null
  fi
  if ! pg_superuser "$bin/pg_ctl" -D "$STATE/postgres/data" status >/dev/null 2>&1; then
    pg_superuser "$bin/pg_ctl" -D "$STATE/postgres/data" -l "$STATE/postgres/server.log" -w \
      -o "-p $PG_PORT -k $STATE/postgres -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  fi
  PG_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"
  for db in "${DATABASES[@]}"; do
    if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
      psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $db" >/dev/null
    fi
  done
}

start_redis() {
  if [ -n "${GOINGHOME_REDIS:-}" ]; then REDIS_CONNECTION="$GOINGHOME_REDIS"; return; fi
  mkdir -p "$STATE/redis"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    # Append-only with fsync on every write: the outbox marks an event sent once Redis has it, so Redis must keep it.
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$STATE/redis" --appendonly yes --appendfsync always \
      --save "" --daemonize yes --pidfile "$STATE/redis/redis.pid" --logfile "$STATE/redis/redis.log"
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  REDIS_CONNECTION="127.0.0.1:$REDIS_PORT"
}

# The development signing key is made once, before any service starts, and appears whole (written aside, then renamed):
# every service and the token tool read the same key.
ensure_signing_key() {
  if [ ! -s "$STATE/signing-key" ]; then
    mkdir -p "$STATE"
    (umask 077; head -c 48 /dev/urandom | base64 -w0 > "$STATE/signing-key.new" && mv "$STATE/signing-key.new" "$STATE/signing-key")
  fi
}

# The configuration Aspire would inject: connection strings, every service's address, telemetry names.
service_environment() {
  local name=$1 database=$2 grpc_port=$3 web_port=$4 entry other_name other_grpc
  echo "ConnectionStrings__${database}=${PG_CONNECTION};Database=${database}"
  echo "ConnectionStrings__redis=${REDIS_CONNECTION}"
  for entry in "${SERVICES[@]}"; do
    IFS='|' read -r other_name _ _ other_grpc _ <<<"$entry"
    echo "services__${other_name}__http__0=http://127.0.0.1:${other_grpc}"
  done
  echo "GRPC_PORT=${grpc_port}"
  echo "WEB_PORT=${web_port}"
  echo "Auth__SigningKey=$(cat "$STATE/signing-key")"
  echo "Database__MigrateOnStartup=true"
  echo "ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}"
  echo "OTEL_SERVICE_NAME=${name}"
  echo "Cors__AllowedOrigins__0=${GOINGHOME_CORS_ORIGIN:-http://localhost:5173}"
}

start_services() {
  mkdir -p "$STATE/logs" "$STATE/pids"
  local entry name project database grpc_port web_port pidfile
  for entry in "${SERVICES[@]}"; do
    IFS='|' read -r name project database grpc_port web_port <<<"$entry"
    service_exists "$project" || continue
    pidfile="$STATE/pids/$name.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then continue; fi
    # Each start gets a fresh log, so "recent errors" in ./run.sh status are this run's; the last run's is kept as .1.
    [ -f "$STATE/logs/$name.log" ] && mv "$STATE/logs/$name.log" "$STATE/logs/$name.log.1"
    (
      while IFS= read -r line; do export "${line?}"; done < <(service_environment "$name" "$database" "$grpc_port" "$web_port")
      cd "services/$project/bin/$CONFIGURATION/net10.0"
      exec dotnet "$project.dll" >>"$STATE/logs/$name.log" 2>&1
    ) &
    echo $! > "$pidfile"
  done
}

wait_for_health() {
  local entry name project web_port deadline=$((SECONDS + 120))
  for entry in "${SERVICES[@]}"; do
    IFS='|' read -r name project _ _ web_port <<<"$entry"
    service_exists "$project" || continue
    until [ "$(curl -s -m 2 "http://127.0.0.1:$web_port/health" || true)" = "Healthy" ]; do
      if [ $SECONDS -gt $deadline ] || ! kill -0 "$(cat "$STATE/pids/$name.pid")" 2>/dev/null; then
        echo "$name did not become healthy; last log lines:" >&2; tail -n 20 "$STATE/logs/$name.log" >&2; return 1
      fi
      sleep 0.5
    done
  done
}

status() {
  local entry name project grpc_port web_port health errors version
  printf '%-14s %-9s %-24s %-24s %-16s %s\n' SERVICE HEALTH GRPC "WEB (gRPC-Web, JSON)" VERSION "RECENT ERRORS"
  for entry in "${SERVICES[@]}"; do
    IFS='|' read -r name project _ grpc_port web_port <<<"$entry"
    service_exists "$project" || continue
    health=$(curl -s -m 2 "http://127.0.0.1:$web_port/health" || true)
    errors=$(tail -n 500 "$STATE/logs/$name.log" 2>/dev/null | grep -cE '^(fail|crit)') || true
    version=$(curl -s -m 2 "http://127.0.0.1:$web_port/version" || true)
    printf '%-14s %-9s %-24s %-24s %-16s %s\n' "$name" "${health:-down}" "http://127.0.0.1:$grpc_port" "http://127.0.0.1:$web_port" "${version:0:16}" "${errors:-0}"
  done
}

stop() {
  local pidfile pids=()
  for pidfile in "$STATE"/pids/*.pid; do
    [ -f "$pidfile" ] || continue
    pids+=("$(cat "$pidfile")")
    kill "${pids[-1]}" 2>/dev/null || true
    rm -f "$pidfile"
  done
  # Let the services drain (read audit, relay) before their stores go away.
  for _ in $(seq 100); do
    local alive=0 pid
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  if [ -z "${GOINGHOME_REDIS:-}" ]; then redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true; fi
  if [ -z "${GOINGHOME_POSTGRES:-}" ] && [ -f "$STATE/postgres/data/PG_VERSION" ]; then
    pg_superuser "$(postgres_bin_dir)/pg_ctl" -D "$STATE/postgres/data" -m fast stop >/dev/null 2>&1 || true
  fi
  echo "Stopped."
}

case "${1:-up}" in
  stop) stop; exit 0 ;;
  status) status; exit 0 ;;
  up) ;;
  *) echo "usage: ./run.sh [up|status|stop]" >&2; exit 2 ;;
esac

ensure_prerequisites
start_postgres
start_redis
echo "Building ($CONFIGURATION)..."
dotnet build GoingHome.sln -c "$CONFIGURATION" --nologo -v quiet >/dev/null
ensure_signing_key
start_services
# A half-started suite is never left running: stop what did start, and say which service failed.
wait_for_health || { stop; exit 1; }
echo
status
cat <<EOT

PostgreSQL ${PG_CONNECTION}   Redis ${REDIS_CONNECTION}   logs .run/logs/<service>.log
A token (8 hours) for a social worker:
  dotnet tools/GoingHome.TokenIssuer/bin/$CONFIGURATION/net10.0/GoingHome.TokenIssuer.dll --key-file .run/signing-key --user sw-1 --name "Sam Social" --roles SW
Then, for example:
  npx buf curl --protocol grpc --http2-prior-knowledge --schema protos -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:5101/goinghome.case.v1.CaseService/ListChildren
  curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:5201/v1/children
Stop with ./run.sh stop
EOT
