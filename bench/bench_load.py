"""Load (issue #11): the morning peak against the production start, measured with locust.

Builds its own PostgreSQL database (``tuphap_load``; dropped and recreated, dropped again after
the run) with the world of ``bench_durability.py`` (a commune and its civil status officer, a
provincial enforcement office with its officer and open cases, their API tokens), starts
``scripts/serve_production.sh`` (gunicorn with ``--web-workers`` processes and the worker,
``DEBUG`` off) and the population stand-in, then runs ``bench/locust_peak.py`` headless:

1. the peak: ``--users`` officers with no think time, 80 % reads (workqueues, the case
   lists, case pages) and 20 % writes (birth registrations and money movements, each with an
   ``Idempotency-Key``), for ``--seconds``;
2. the baseline, in the same run on the same server: the same number of users asking the
   liveness probe ``/healthz`` (no database, no rendering): what the HTTP stack alone gives.

Prints, for each request kind and in all: requests per second, p50/p95/p99 in ms and the error
rate, then our requests per second against the baseline's, as a ratio. Exits 1 if any request
failed.

Run: ``.venv/bin/python bench/bench_load.py [--seconds 60] [--users 16] [--web-workers 3]``.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_durability as durability

durability.DB_NAME = "tuphap_load"
durability.BENCH_DIR = durability.ROOT / "var" / "bench" / "load"
ROOT = durability.ROOT


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of each phase")
    parser.add_argument("--users", type=int, default=16, help="concurrent officers")
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn processes")
    return parser.parse_args()


def locust(
    host: str,
    users: int,
    seconds: int,
    user_class: str,
    prefix: Path,
    env: dict[str, str],
) -> list[dict[str, str]]:
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(ROOT / "bench" / "locust_peak.py"),
        "--headless",
        "--only-summary",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        user_class,
    ]
    subprocess.run(  # noqa: S603 - our own locust file, fixed arguments
        command, cwd=ROOT, env=env, check=False, capture_output=True
    )
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _line(row: dict[str, str]) -> str:
    count = int(row["Request Count"])
    failures = int(row["Failure Count"])
    rate = 100 * failures / count if count else 0.0
    return (
        f"  {row['Name'] or 'all':<16} {float(row['Requests/s']):8.1f} req/s  "
        f"p50 {row['50%']:>5} ms  p95 {row['95%']:>5} ms  p99 {row['99%']:>5} ms  "
        f"errors {failures}/{count} ({rate:.2f} %)"
    )


def main() -> int:
    arguments = _arguments()
    durability.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    server_url = durability._server_url()
    database_url = durability._database(server_url)
    durability._django(database_url)
    world = durability.build_world()
    from django.db import connection

    connection.close()
    port = durability._free_port()
    log_path = durability.BENCH_DIR / "servers.log"
    standin = production = None
    try:
        log = log_path.open("wb")
        standin = durability.Standin(log)
        environment = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "load-bench-only-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "BIND": f"127.0.0.1:{port}",
            "WEB_WORKERS": str(arguments.web_workers),
            "MIGRATE": "false",
            "COLLECTSTATIC": "false",
            "VAR_DIR": str(durability.BENCH_DIR),
            "TASKS_BACKEND": "database",
            "POPULATION_DB_URL": standin.url,
            "LOG_LEVEL": "WARNING",
            "PYTHON": sys.executable,
            "GUNICORN": str(Path(sys.executable).parent / "gunicorn"),
        }
        production = durability.Production(environment, log)
        production.start()
        if not production.ready(60):
            raise SystemExit(f"the production start did not become ready; see {log_path}")
        load_env = {
            **os.environ,
            "LOAD_CIVIL_STATUS_TOKEN": world.civil_status_token,
            "LOAD_ENFORCEMENT_TOKEN": world.enforcement_token,
            "LOAD_COMMUNE_ID": str(world.commune_id),
            "LOAD_CASE_IDS": ",".join(str(case) for case in world.case_ids),
        }
        host = f"http://127.0.0.1:{port}"
        print(
            f"load: PostgreSQL {durability.DB_NAME}, {arguments.web_workers} gunicorn processes "
            f"and the worker (scripts/serve_production.sh, DEBUG off); {arguments.users} users, "
            f"{arguments.seconds} s per phase; {os.cpu_count()} CPUs"
        )
        peak = locust(
            host,
            arguments.users,
            arguments.seconds,
            "Officer",
            durability.BENCH_DIR / "peak",
            load_env,
        )
        probe = locust(
            host,
            arguments.users,
            arguments.seconds,
            "Probe",
            durability.BENCH_DIR / "probe",
            load_env,
        )
    finally:
        if production is not None:
            production.stop()
        if standin is not None:
            standin.stop()
    print("the peak (80 % reads, 20 % writes):")
    for row in peak:
        print(_line(row))
    print("baseline (the same server's /healthz):")
    total = next(row for row in peak if row["Name"] == "Aggregated")
    base = next(row for row in probe if row["Name"] == "Aggregated")
    print(_line(base))
    ours, theirs = float(total["Requests/s"]), float(base["Requests/s"])
    print(
        f"ours {ours:.1f} req/s, baseline {theirs:.1f} req/s, ratio {ours / theirs:.3f}"
        if theirs
        else "baseline answered nothing"
    )
    failures = int(total["Failure Count"])
    durability._drop(server_url)
    return 1 if failures or not int(total["Request Count"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
