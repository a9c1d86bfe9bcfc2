"""The site as it is started: gunicorn with DEBUG off, scripts/serve_production.sh and
scripts/serve_demo.sh, each as real processes on loopback ports."""

from __future__ import annotations

import gzip
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
SETTINGS_VARIABLES = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "VAR_DIR"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(tmp_path: Path, **variables: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return {
        **clean,
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "SECRET_KEY": "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHON": sys.executable,
        "GUNICORN": str(BIN / "gunicorn"),
        **variables,
    }


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback http
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for(url: str, *, within: float, process: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        assert process.poll() is None, f"ended with {process.returncode} before {url} answered"
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {within} s")


def session_processes(session: int) -> list[str]:
    """The processes still alive in the session the script was started in."""
    listing = subprocess.run(  # noqa: S603 - fixed arguments
        ["/bin/ps", "-o", "pid=,stat=,args=", "-s", str(session)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [line for line in listing.splitlines() if line.split()[1][0] != "Z"]


def gone_within(session: int, seconds: float) -> list[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and session_processes(session):
        time.sleep(0.2)
    return session_processes(session)


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[Any]]]:
    """Scripts started by a test; whatever is left of them is stopped afterwards."""
    processes: list[subprocess.Popen[Any]] = []
    yield processes
    for process in processes:
        if session_processes(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def start(
    command: list[str], env: dict[str, str], log: Path, started: list[subprocess.Popen[Any]]
) -> subprocess.Popen[Any]:
    process = subprocess.Popen(  # noqa: S603 - our own scripts, fixed arguments
        command,
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own session: every process it starts can be found
    )
    started.append(process)
    return process


def test_gunicorn_with_debug_off_serves_health_static_files_and_refuses_other_hosts(
    tmp_path: Path, started: list[subprocess.Popen[Any]]
) -> None:
    port = free_port()
    (tmp_path / "static").mkdir()  # STATIC_ROOT, which WhiteNoise warns about when missing
    env = environment(tmp_path, DEBUG="false", BIND=f"127.0.0.1:{port}", LOG_FORMAT="json")
    env["WEB_WORKERS"] = "2"
    log = tmp_path / "gunicorn.log"
    command = [str(BIN / "gunicorn"), "--config", "config/gunicorn.py", "config.wsgi:application"]
    server = start(command, env, log, started)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/healthz", within=30, process=server)

    health = get(f"{base}/healthz")
    ready = get(f"{base}/readyz")
    css = get(f"{base}/static/web/site.css")
    other_host = get(f"{base}/healthz", Host="tuphap.evil.example")
    missing = get(f"{base}/no-such-page/")

    assert (health[0], json.loads(health[2])) == (200, {"status": "ok"})
    # The database file is empty: not ready, in the one error shape.
    assert ready[0] == 503
    assert json.loads(ready[2])["error"]["code"] == "migrations_pending"
    assert css[0] == 200
    assert css[1]["Content-Type"].startswith("text/css")
    assert b"body" in css[2]
    assert other_host[0] == 400
    assert missing[0] == 404
    assert b"Traceback" not in missing[2]  # DEBUG is off: the site's page, not Django's
    assert b'<html lang="vi">' in missing[2]
    server.send_signal(signal.SIGTERM)
    assert server.wait(20) == 0
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert {(line["path"], line["status"]) for line in access} >= {
        ("/healthz", 200),
        ("/readyz", 503),
        ("/static/web/site.css", 200),
        ("/healthz", 400),
    }
    readiness = next(line for line in access if line["path"] == "/readyz")
    assert readiness["request_id"] == ready[1]["X-Request-ID"]
    assert len(lines) == len(log.read_text().splitlines())  # every line is JSON


def test_serve_production_starts_the_site_and_the_worker_and_stops_them_together(
    tmp_path: Path, started: list[subprocess.Popen[Any]]
) -> None:
    # A release whose static files were collected already (COLLECTSTATIC=false): one file and
    # its compressed version, served from STATIC_ROOT.
    collected = tmp_path / "static" / "web"
    collected.mkdir(parents=True)
    (collected / "site.css").write_text("body { color: #123; }\n" * 50)
    (collected / "site.css.gz").write_bytes(gzip.compress((collected / "site.css").read_bytes()))
    port = free_port()
    env = environment(tmp_path, BIND=f"127.0.0.1:{port}", WEB_WORKERS="2", COLLECTSTATIC="false")
    env["POPULATION_DB_URL"] = "http://127.0.0.1:9"  # nothing listens: the relay has no work
    script = start(
        ["bash", "scripts/serve_production.sh"], env, tmp_path / "production.log", started
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/healthz", within=120, process=script)  # after the migrations

    ready = get(f"{base}/readyz")
    css = get(f"{base}/static/web/site.css", **{"Accept-Encoding": "gzip"})
    deadline = time.monotonic() + 30
    runs: list[tuple[str, str]] = []
    while time.monotonic() < deadline and len(runs) < 8:
        with sqlite3.connect(tmp_path / "site.sqlite3") as database:
            runs = database.execute(
                "SELECT name, last_outcome FROM core_jobstate WHERE last_finished_at IS NOT NULL"
            ).fetchall()
        time.sleep(0.5)
    processes = session_processes(script.pid)
    os.killpg(script.pid, signal.SIGTERM)

    assert (ready[0], json.loads(ready[2])["status"]) == (200, "ready")
    assert css[0] == 200
    assert css[1]["Content-Encoding"] == "gzip"
    assert dict(runs) == {
        "casework.overdue_poll": "succeeded",
        "casework.wait_snapshots": "succeeded",
        "civil_status.register_books_close": "succeeded",
        "core.idempotent_requests_purge": "succeeded",
        "population.reconcile": "failed",  # the population database is away
        "population.relay": "succeeded",
        "statistics.rollup_drain": "succeeded",
        "statistics.rollup_refresh": "succeeded",
    }
    assert any("run_worker" in line for line in processes)
    assert sum("gunicorn" in line for line in processes) == 3  # the master and two workers
    assert script.wait(30) == 0
    assert gone_within(script.pid, 20) == []


def test_serve_production_stops_the_site_when_the_worker_dies(
    tmp_path: Path, started: list[subprocess.Popen[Any]]
) -> None:
    port = free_port()
    env = environment(tmp_path, BIND=f"127.0.0.1:{port}", MIGRATE="false", COLLECTSTATIC="false")
    script = start(["bash", "scripts/serve_production.sh"], env, tmp_path / "log", started)
    wait_for(f"http://127.0.0.1:{port}/healthz", within=60, process=script)
    worker = next(line for line in session_processes(script.pid) if "run_worker" in line)

    os.kill(int(worker.split()[0]), signal.SIGKILL)

    assert script.wait(30) != 0  # the process manager sees the failure and restarts the pair
    assert gone_within(script.pid, 20) == []
    assert "a process ended" in (tmp_path / "log").read_text()


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG is on"),
        ({"DATABASE_URL": ""}, "set DATABASE_URL"),
    ],
    ids=["debug-on", "no-database"],
)
def test_serve_production_refuses_a_development_setup(
    tmp_path: Path, variables: dict[str, str], message: str
) -> None:
    result = subprocess.run(
        ["bash", "scripts/serve_production.sh"],  # noqa: S607
        cwd=ROOT,
        env=environment(tmp_path, **variables),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 2
    assert message in result.stderr


def test_serve_demo_starts_the_site_the_worker_and_the_standin_and_stops_them_together(
    tmp_path: Path, started: list[subprocess.Popen[Any]]
) -> None:
    site, population = free_port(), free_port()
    env = environment(tmp_path, DEMO_PORT=str(site), POPULATION_PORT=str(population))
    script = start(["bash", "scripts/serve_demo.sh"], env, tmp_path / "demo.log", started)
    wait_for(f"http://127.0.0.1:{site}/healthz", within=60, process=script)
    wait_for(f"http://127.0.0.1:{population}/citizens/count", within=30, process=script)

    processes = session_processes(script.pid)
    os.killpg(script.pid, signal.SIGINT)  # Ctrl-C in the terminal

    assert any("runserver" in line for line in processes)
    assert any("run_worker" in line for line in processes)
    assert any("population_standin" in line for line in processes)
    assert script.wait(30) == 130
    assert gone_within(script.pid, 20) == []


def test_serve_demo_stops_everything_when_one_part_ends(
    tmp_path: Path, started: list[subprocess.Popen[Any]]
) -> None:
    site, population = free_port(), free_port()
    env = environment(tmp_path, DEMO_PORT=str(site), POPULATION_PORT=str(population))
    script = start(["bash", "scripts/serve_demo.sh"], env, tmp_path / "demo.log", started)
    wait_for(f"http://127.0.0.1:{population}/citizens/count", within=60, process=script)
    standin = next(line for line in session_processes(script.pid) if "population_standin" in line)

    os.kill(int(standin.split()[0]), signal.SIGTERM)

    script.wait(30)
    assert gone_within(script.pid, 20) == []


def test_debug_off_takes_the_secret_key_and_the_hosts_from_the_environment(
    tmp_path: Path,
) -> None:
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.DEBUG, settings.SECRET_KEY, settings.ALLOWED_HOSTS, "
        "settings.WHITENOISE_USE_FINDERS, settings.STORAGES['staticfiles']['BACKEND']]))"
    )
    env = environment(
        tmp_path,
        DEBUG="false",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="tuphap.moj.gov.vn, api.tuphap.moj.gov.vn",
        STATIC_COLLECTED="true",
        DJANGO_SETTINGS_MODULE="config.settings",
    )

    result = subprocess.run(  # noqa: S603 - our interpreter, fixed arguments
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        False,
        "s" * 60,
        ["tuphap.moj.gov.vn", "api.tuphap.moj.gov.vn"],
        False,
        "whitenoise.storage.CompressedStaticFilesStorage",
    ]
