#!/usr/bin/env bash
# PostgreSQL as a local process for the AppHost: creates the cluster on first use, then runs the server in the
# foreground so the AppHost owns it. initdb and postgres refuse to run as root, so as root both run as the postgres
# user (setpriv replaces this process, so the AppHost's stop signal reaches the server itself).
#   postgres.sh <data folder> <port>
set -euo pipefail
data=$1
port=$2
# The dashboard shows this output; a copy beside the data folder is what ./run.sh prints when a start fails.
exec > >(tee -a "$(dirname "$data")/postgres.log") 2>&1
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  mkdir -p "$data"
  if ! "${as_owner[@]}" test -x "$data"; then
    # The checkout sits where the postgres user cannot reach (root's home, a private temp folder): keep this
    # checkout's cluster in a folder of its own that it can.
    data="/var/lib/goinghome/$(printf '%s' "$data" | sha256sum | cut -c1-16)"
    mkdir -p "$data"
    echo "The postgres user cannot reach $1; the cluster is kept in $data"
  fi
  chown postgres:postgres "$data"
fi
if [ ! -f "$data/cluster/PG_VERSION" ]; then
  "${as_owner[@]}" "$bin/initdb" -D "$data/cluster" -U postgres --auth=trust --encoding=UTF8 >/dev/null
fi
exec "${as_owner[@]}" "$bin/postgres" -D "$data/cluster" -p "$port" -k "$data" -c listen_addresses=127.0.0.1 -c max_connections=300
