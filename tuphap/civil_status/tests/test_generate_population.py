"""The generated world and the population database stand-in: the people the generator gives a
PIN are citizens the stand-in knows, so relaying the run leaves no death or marriage refused
for an unknown PIN. The stand-in runs as a real process; the relay talks to it over HTTP."""

from __future__ import annotations

import datetime
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from tuphap.population import known
from tuphap.population.models import MessageStatus, OutboxMessage
from tuphap.population.tests.conftest import Standin, drain, relay_config

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def fresh_standin(tmp_path: Path) -> Iterator[Standin]:
    server = Standin(tmp_path / "standin.sqlite3")
    server.start()
    yield server
    server.stop()


def _generate(standin: Standin, *, known_people: bool) -> str:
    out = io.StringIO()
    options = ["--no-standin"] if not known_people else [f"--standin-data={standin.data}"]
    with time_machine.travel(NOW, tick=False):
        call_command(
            "generate_civil_status",
            "--births=30",
            "--seed=5",
            "--year=2026",
            "--communes=2",
            "--no-progress",
            "--no-rollups",
            *options,
            stdout=out,
        )
    return out.getvalue()


def _outcomes() -> Counter[tuple[str, str, str | None]]:
    return Counter(
        (m.kind, m.status, ((m.response or {}).get("error") or {}).get("code"))
        for m in OutboxMessage.objects.all()
    )


def test_without_the_known_people_every_death_and_marriage_is_refused(
    world: Any, fresh_standin: Standin
) -> None:
    # Given a generated world whose people were not given to the stand-in (the old behaviour)
    _generate(fresh_standin, known_people=False)
    assert fresh_standin.count() == 0
    # When the relay delivers everything
    drain(relay_config(fresh_standin.url, give_up_after=10**9))
    # Then each death and marriage ends refused: the stand-in has never heard of the PIN
    assert _outcomes() == {
        ("birth", "sent", None): 32,
        ("death", "failed_permanently", "unknown_pin"): 13,
        ("marriage", "failed_permanently", "unknown_pin"): 25,
    }


def test_the_generated_people_are_known_so_nothing_fails_for_an_unknown_pin(
    world: Any, fresh_standin: Standin
) -> None:
    # Given a generated world written into the running stand-in's data
    out = _generate(fresh_standin, known_people=True)
    known_count = fresh_standin.count()
    assert known_count > 0
    assert f"{known_count} people with a PIN known to the population database stand-in" in out
    # every PIN sent in a death or marriage is one of them
    for message in OutboxMessage.objects.exclude(kind="birth"):
        status, citizen = fresh_standin.call("GET", f"/citizens/{message.payload['pin']}")
        assert status == 200
        assert citizen["request_key"] == f"known:{message.payload['pin']}"
    # When the relay delivers everything over HTTP
    drain(relay_config(fresh_standin.url, give_up_after=10**9))
    # Then every message is answered: no unknown_pin, nothing for an officer to reconcile
    assert _outcomes() == {
        ("birth", "sent", None): 32,
        ("death", "sent", None): 13,
        ("marriage", "sent", None): 25,
    }
    assert not OutboxMessage.objects.exclude(status=MessageStatus.SENT).exists()
    # the births created their children: the stand-in now holds the known people and them
    assert fresh_standin.count() == known_count + 32
    # and a death was recorded on the known citizen
    death = OutboxMessage.objects.filter(kind="death").order_by("id").first()
    assert death is not None
    _status, citizen = fresh_standin.call("GET", f"/citizens/{death.payload['pin']}")
    assert citizen["deceased_on"] == death.payload["occurred_on"]


def test_registering_the_known_people_twice_adds_nothing(tmp_path: Path) -> None:
    citizen = known.KnownCitizen(
        pin="040080123456", full_name="Trần Văn Biết", sex="male", date_of_birth="1980-05-02"
    )
    data = tmp_path / "standin.sqlite3"
    assert known.register_known([citizen], data=data) == 1
    assert known.register_known([citizen], data=data) == 0
    with pytest.raises(ValueError, match="not a 12-digit PIN"):
        known.register_known([replace(citizen, pin="123")], data=data)


def test_the_demo_adults_are_known_so_its_deaths_and_marriages_are_answered(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tuphap.civil_status import demo

    monkeypatch.setattr(demo, "YEARLY", {"birth": 6, "death": 6, "marriage": 4})
    # Given the demo's year of registrations (its adults written where the stand-in reads)
    with time_machine.travel(NOW):
        demo.civil_status_registrations(io.StringIO(), False)
    assert known.standin_data_path() == tmp_path / "population-standin.sqlite3"
    server = Standin(known.standin_data_path())
    server.start()
    try:
        events = OutboxMessage.objects.exclude(kind="birth")
        assert events.count() > 0  # most of the deceased and the spouses have a PIN
        # When the relay delivers everything (as scripts/serve_demo.sh runs it)
        drain(relay_config(server.url, give_up_after=10**9))
    finally:
        server.stop()
    # Then nothing is refused for an unknown PIN
    assert {status for _kind, status, _code in _outcomes()} == {"sent"}
