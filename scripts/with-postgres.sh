#!/usr/bin/env bash
# Runs a command next to a throwaway PostgreSQL server, with HOLDFAST_TEST_DATABASE_URL pointing
# at an empty database on it, so the registry tests run against PostgreSQL as well as SQLite:
#
#   bash scripts/with-postgres.sh npm test
#
# The server lives in a temporary folder, listens on 127.0.0.1 on a free port, and is stopped and
# deleted when the command ends, also on failure or Ctrl-C. PostgreSQL refuses to run as root, so
# as root the server runs as the `postgres` user (created if missing). Binaries: $PG_BIN, else
# initdb on the PATH, else /usr/lib/postgresql/<newest>/bin, else (as root) `apt-get install
# postgresql`. Without them the command still runs, and the PostgreSQL tests are skipped.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: bash scripts/with-postgres.sh COMMAND [ARG...]" >&2
  exit 2
fi

log() { echo "with-postgres: $*" >&2; }

find_bin() {
  if [[ -n "${PG_BIN:-}" && -x "$PG_BIN/initdb" ]]; then echo "$PG_BIN"; return 0; fi
  local initdb
  if initdb=$(command -v initdb 2>/dev/null); then dirname "$(readlink -f "$initdb")"; return 0; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$newest" && -x "$newest/initdb" ]]; then echo "$newest"; return 0; fi
  return 1
}

bin=$(find_bin || true)
if [[ -z "$bin" && $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  log "PostgreSQL not found; installing the Debian postgresql package"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || true
  fi
  bin=$(find_bin || true)
fi
if [[ -z "$bin" ]]; then
  log "PostgreSQL binaries not found; running without PostgreSQL (its tests are skipped)"
  "$@"
  exit $?
fi

run_as=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
  fi
  if command -v runuser >/dev/null; then run_as=(runuser -u postgres --); else run_as=(su postgres -s /bin/sh -c); fi
fi
pg() {
  if [[ ${#run_as[@]} -eq 0 ]]; then "$@";
  elif [[ ${run_as[0]} == runuser ]]; then "${run_as[@]}" "$@";
  else "${run_as[@]}" "$(printf '%q ' "$@")"; fi
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/holdfast-pg.XXXXXX")
started=0
cleanup() {
  local status=$?
  if [[ $started -eq 1 ]]; then pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
[[ $(id -u) -eq 0 ]] && chown postgres: "$dir"

port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
pg "$bin/initdb" -D "$dir/data" -U holdfast --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# fsync off: a test server's data may be lost in a machine crash; client crashes are what tests simulate.
pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
started=1
"$bin/createdb" -h 127.0.0.1 -p "$port" -U holdfast holdfast_test

export HOLDFAST_TEST_DATABASE_URL="postgres://holdfast@127.0.0.1:$port/holdfast_test"
log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($HOLDFAST_TEST_DATABASE_URL)"
set +e
"$@"
status=$?
set -e
exit $status
