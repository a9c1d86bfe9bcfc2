#!/usr/bin/env bash
# Serve the demo: the web server, the worker (every scheduled job, the population relay among
# them, so identification numbers really arrive for the demo's births) and the stand-in
# population database, started together and stopped together: Ctrl-C (or any one of them
# ending) stops all three. DEMO_PORT and POPULATION_PORT move them off 8000 and 8765.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=true
PY=.venv/bin/python
DEMO_PORT=${DEMO_PORT:-8000}
POPULATION_PORT=${POPULATION_PORT:-8765}
export POPULATION_DB_URL="http://127.0.0.1:${POPULATION_PORT}"
VAR=${VAR_DIR:-var}
mkdir -p "$VAR"

pids=()
stop() {
  trap - EXIT INT TERM
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

$PY manage.py population_standin --port "$POPULATION_PORT" --data "$VAR/population-standin.sqlite3" \
  >"$VAR/population-standin.log" 2>&1 &
pids+=($!)
$PY manage.py run_worker >"$VAR/worker.log" 2>&1 &
pids+=($!)
# --noreload: the autoreloader's child would outlive a stop sent to its parent.
$PY manage.py runserver --noreload "127.0.0.1:${DEMO_PORT}" &
pids+=($!)
echo "Population database stand-in on 127.0.0.1:${POPULATION_PORT} (log $VAR/population-standin.log);" \
  "worker running every scheduled job (log $VAR/worker.log); site on http://127.0.0.1:${DEMO_PORT}."

# When any one of them ends, stop the others.
wait -n
