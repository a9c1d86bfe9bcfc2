#!/usr/bin/env bash
# Serve the demo: the stand-in population database and the relay run beside the web server,
# so identification numbers really arrive for the demo's births. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=true
PY=.venv/bin/python
mkdir -p var
$PY manage.py population_standin --port 8765 --data var/population-standin.sqlite3 >var/population-standin.log 2>&1 &
standin=$!
sleep 1
$PY manage.py relay_population >var/relay.log 2>&1 &
relay=$!
trap 'kill $relay $standin 2>/dev/null || true' EXIT INT TERM
echo "Population database stand-in on 127.0.0.1:8765 (log var/population-standin.log); relay running (log var/relay.log)."
$PY manage.py runserver 127.0.0.1:8000
