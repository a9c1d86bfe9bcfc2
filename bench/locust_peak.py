"""The morning peak (issue #11), as a locust file: officers open their workqueues, lists and
case pages (80 % of the requests) and register births and record money (20 %), through the API
with their tokens. ``bench/bench_load.py`` builds the world, starts the production start and
runs this file headless; it passes the world in the environment:

- ``LOAD_CIVIL_STATUS_TOKEN``, ``LOAD_ENFORCEMENT_TOKEN``: the two officers' API tokens;
- ``LOAD_COMMUNE_ID``: the commune the births are registered in;
- ``LOAD_CASE_IDS``: the enforcement cases (comma separated) that are read and paid into.

Every write carries its own ``Idempotency-Key`` (docs/adr/0013)."""

from __future__ import annotations

import datetime
import os
import random
import sys
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_durability import birth_body, movement_body

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CIVIL_STATUS = os.environ.get("LOAD_CIVIL_STATUS_TOKEN", "")
ENFORCEMENT = os.environ.get("LOAD_ENFORCEMENT_TOKEN", "")
COMMUNE = int(os.environ.get("LOAD_COMMUNE_ID", "0"))
CASES = [int(case) for case in os.environ.get("LOAD_CASE_IDS", "").split(",") if case]


class Officer(HttpUser):
    """One officer at a desk: a few seconds between clicks would be realistic; the peak is
    simulated with none, so that the figures are the server's."""

    wait_time = between(0, 0)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.today = datetime.datetime.now(VIETNAM).date()

    def _as(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Token {token}", "Host": "127.0.0.1"}

    # -- reads: 80 of every 100 requests ---------------------------------------------------

    @task(25)
    def workqueue(self) -> None:
        token = self.rng.choice((CIVIL_STATUS, ENFORCEMENT))
        self.client.get("/api/v1/cases/workqueue", headers=self._as(token), name="workqueue")

    @task(20)
    def enforcement_list(self) -> None:
        self.client.get(
            "/api/v1/enforcement/cases", headers=self._as(ENFORCEMENT), name="enforcement list"
        )

    @task(15)
    def case_list(self) -> None:
        self.client.get(
            "/api/v1/cases/?ordering=due_at", headers=self._as(CIVIL_STATUS), name="case list"
        )

    @task(20)
    def case_page(self) -> None:
        case = self.rng.choice(CASES)
        self.client.get(
            f"/api/v1/enforcement/cases/{case}", headers=self._as(ENFORCEMENT), name="case page"
        )

    # -- writes: 20 of every 100 -------------------------------------------------------------

    @task(10)
    def register_birth(self) -> None:
        key = uuid.uuid4().hex
        headers = {**self._as(CIVIL_STATUS), "Content-Type": "application/json"}
        self.client.post(
            "/api/v1/civil-status/births/",
            data=birth_body(self.rng, self.today, COMMUNE, key),
            headers={**headers, "Idempotency-Key": key},
            name="register birth",
        )

    @task(10)
    def record_money(self) -> None:
        key = uuid.uuid4().hex
        case = self.rng.choice(CASES)
        headers = {**self._as(ENFORCEMENT), "Content-Type": "application/json"}
        self.client.post(
            f"/api/v1/enforcement/cases/{case}/money",
            data=movement_body(self.rng, self.today, key),
            headers={**headers, "Idempotency-Key": key},
            name="record money",
        )


class Probe(HttpUser):
    """The baseline: the same server answering its liveness probe (no database, no
    rendering), to show what the HTTP stack alone gives on this machine."""

    wait_time = between(0, 0)

    @task
    def health(self) -> None:
        self.client.get("/healthz", headers={"Host": "127.0.0.1"}, name="healthz")
