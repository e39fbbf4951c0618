#!/usr/bin/env bash
# PostgreSQL as a local process for the AppHost: creates the cluster on first use, then runs the server in the
# foreground so the AppHost owns it. initdb and postgres refuse to run as root, so as root both run as the postgres
# user (setpriv replaces this process, so the AppHost's stop signal reaches the server itself).
#   postgres.sh <data folder> <port>
set -euo pipefail
data=$1
port=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  mkdir -p "$data"
  chown postgres:postgres "$data"
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
if [ ! -f "$data/cluster/PG_VERSION" ]; then
  "${as_owner[@]}" "$bin/initdb" -D "$data/cluster" -U postgres --auth=trust --encoding=UTF8 >/dev/null
fi
exec "${as_owner[@]}" "$bin/postgres" -D "$data/cluster" -p "$port" -k "$data" -c listen_addresses=127.0.0.1 -c max_connections=300
