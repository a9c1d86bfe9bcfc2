#!/usr/bin/env bash
# Start tuphap as a ministry runs it (docs/operations.md): migrations, static files, then the
# web server (gunicorn, several processes, static files served by the app through WhiteNoise)
# and the worker (`manage.py run_worker`: every scheduled job and the task queue), started
# together and stopped together: SIGTERM or SIGINT stops both, and if either ends the other is
# stopped and the script exits non-zero, so that the process manager restarts the pair.
#
# Settings come from the environment (.env.example): DATABASE_URL (PostgreSQL), SECRET_KEY and
# ALLOWED_HOSTS are required. gunicorn reads BIND, WEB_WORKERS, WEB_TIMEOUT and
# FORWARDED_ALLOW_IPS (config/gunicorn.py). This script also reads:
#   MIGRATE=true   run `manage.py migrate` first (false when another host does it)
#   WORKER=true    start the worker beside the web server (false on web-only hosts)
#   COLLECTSTATIC=true  gather the static files into STATIC_ROOT first (false when the
#                  release already holds them)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
GUNICORN=${GUNICORN:-.venv/bin/gunicorn}

if [[ "${DEBUG:-false}" =~ ^(1|true|yes|on)$ ]]; then
  echo "serve_production.sh: DEBUG is on; production runs with DEBUG=false." >&2
  exit 2
fi
export DEBUG=false
if [[ -z "${DATABASE_URL:-}" ]]; then
  echo "serve_production.sh: set DATABASE_URL (postgres://user:password@host:5432/name)." >&2
  exit 2
fi
if [[ "$DATABASE_URL" != postgres* ]]; then
  echo "serve_production.sh: warning: DATABASE_URL is not PostgreSQL; production expects it." >&2
fi

if [[ "${MIGRATE:-true}" == "true" ]]; then
  $PY manage.py migrate --no-input
fi
# Gathered and compressed once per start (a minute on a slow machine); served from there.
if [[ "${COLLECTSTATIC:-true}" == "true" ]]; then
  $PY manage.py collectstatic --no-input --verbosity 0
fi
export STATIC_COLLECTED=true

pids=()
stop() {
  trap - EXIT INT TERM
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

$GUNICORN --config config/gunicorn.py config.wsgi:application &
pids+=($!)
if [[ "${WORKER:-true}" == "true" ]]; then
  $PY manage.py run_worker &
  pids+=($!)
fi

# Either one ending is a failure: stop the other and let the process manager restart us.
set +e
wait -n
status=$?
echo "serve_production.sh: a process ended (status $status); stopping the others." >&2
exit $((status == 0 ? 1 : status))
