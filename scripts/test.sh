#!/usr/bin/env bash
# `npm test`: the whole suite with the real components it needs, set up on a fresh machine:
# Debian's python3-fastapi, python3-pytest, pre-commit, prometheus and python3-prometheus-client
# (installed when running as root with apt), and a throwaway PostgreSQL server for the registry
# suite (scripts/with-postgres.sh starts and always stops it). Without root the missing parts are
# reported and their tests skip.
# Extra arguments go to vitest: `npm test -- test/rules`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages the suite uses: FastAPI for extraction, pytest for the module `holdfast init`
# writes, pre-commit to install the hook from this repository for real, Prometheus and the Python
# client for reading traffic from Prometheus (test/usage/_prometheus.ts starts and stops its own
# prometheus and uvicorn; the package's systemd service is never used).
missing=()
/usr/bin/python3 -c 'import fastapi' 2>/dev/null || missing+=(python3-fastapi python3-uvicorn)
/usr/bin/python3 -c 'import pytest' 2>/dev/null || missing+=(python3-pytest)
command -v pre-commit >/dev/null || missing+=(pre-commit)
[[ -x /usr/bin/prometheus ]] || missing+=(prometheus)
/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null || missing+=(python3-prometheus-client)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test: installing Debian's ${missing[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # The tests run their own prometheus; on a machine with systemd, the package starts one as a service.
    if [[ " ${missing[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null; then
      systemctl disable --now prometheus prometheus-node-exporter >/dev/null 2>&1 || true
    fi
  else
    echo "test: missing Debian packages ${missing[*]} (apt-get install them); their tests will skip" >&2
  fi
fi

if [[ -n "${HOLDFAST_TEST_DATABASE_URL:-}" ]]; then
  exec npx vitest run "$@"
fi
exec bash scripts/with-postgres.sh npx vitest run "$@"
