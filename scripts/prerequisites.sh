#!/usr/bin/env bash
# Installs what the suite needs on a fresh Debian machine: PostgreSQL, Redis and unzip from apt, the npm workspaces
# (contract tooling, the browser client, the web app), the .NET local tools; for the tests, Chromium from apt. Sourced
# by run.sh and test.sh; does nothing for what is already there.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root (or sudo) to run: $*" >&2; return 1; fi
}

apt_install() {
  echo "Installing $* with apt..."
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

postgres_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

ensure_prerequisites() {
  local missing=()
  postgres_bin_dir >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v unzip >/dev/null || missing+=(unzip)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet on PATH)." >&2; return 1; }
  if [ ! -x node_modules/.bin/buf ] || [ ! -x node_modules/.bin/vite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # npm ci would insist on the optional buf builds for other platforms, which this registry mirror lacks.
    npm install --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

# The browser tests drive Debian's Chromium with playwright-core: no browser is downloaded from anywhere else.
ensure_browser() {
  command -v chromium >/dev/null || apt_install chromium
}
