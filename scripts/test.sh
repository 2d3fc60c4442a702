#!/usr/bin/env bash
# `npm test`: the whole suite with the real components it needs, set up on a fresh machine:
# Debian's python3-fastapi for the extract/check tests (installed when running as root with apt),
# and a throwaway PostgreSQL server for the registry suite (scripts/with-postgres.sh starts and
# always stops it). Without root the missing parts are reported and their tests skip.
# Extra arguments go to vitest: `npm test -- test/rules`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! /usr/bin/python3 -c 'import fastapi' 2>/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test: installing Debian's python3-fastapi for the FastAPI extraction tests" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-fastapi python3-uvicorn >/dev/null
  else
    echo "test: /usr/bin/python3 cannot import fastapi (apt-get install python3-fastapi); those tests will skip" >&2
  fi
fi

if [[ -n "${HOLDFAST_TEST_DATABASE_URL:-}" ]]; then
  exec npx vitest run "$@"
fi
exec bash scripts/with-postgres.sh npx vitest run "$@"
