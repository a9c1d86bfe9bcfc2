"""Fixtures of the case engine tests: the test registers, enforcement offices and their staff
in Nghệ An and Hà Tĩnh, and a helper to open cases at a given moment."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from conftest import enforcement_offices
from tuphap.accounts.models import Agency, User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.casework import registry, services
from tuphap.casework.models import Case
from tuphap.casework.tests.testregister import OTHER_SPEC, SPEC, SimpleDetail

VN = datetime.timezone(datetime.timedelta(hours=7))


def at(text: str) -> datetime.datetime:
    """``"2026-08-27 10:00"`` as an aware datetime in Việt Nam."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=VN)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The test register's detail table (a real register ships it as a migration)."""
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(SimpleDetail)


@pytest.fixture(autouse=True)
def test_registers() -> Iterator[None]:
    with registry.registered(SPEC), registry.registered(OTHER_SPEC):
        yield


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in English (their msgids), whatever the catalogue holds."""
    with translation.override("en"):
        yield


@dataclass
class Staff:
    office_nghe_an: Agency
    office_ha_tinh: Agency
    officer: User  # Nghệ An
    officer_2: User  # Nghệ An
    head: User  # Nghệ An
    officer_ha_tinh: User


@pytest.fixture
def staff(world: Any) -> Staff:
    office_nghe_an, office_ha_tinh = enforcement_offices(world)
    make = account_factories.user
    return Staff(
        office_nghe_an,
        office_ha_tinh,
        make("chv_nghean", office_nghe_an, Role.ENFORCEMENT_OFFICER),
        make("chv2_nghean", office_nghe_an, Role.ENFORCEMENT_OFFICER),
        make("truong_nghean", office_nghe_an, Role.ENFORCEMENT_HEAD),
        make("chv_hatinh", office_ha_tinh, Role.ENFORCEMENT_OFFICER),
    )


OpenCase = Callable[..., Case]


@pytest.fixture
def open_case(world: Any, staff: Staff, time_machine: Any) -> OpenCase:
    """Open a ``test.simple`` case in Vinh at ``when`` (time frozen there afterwards)."""

    def _open(
        when: str = "2026-08-27 09:00",
        *,
        event_date: datetime.date | None = None,
        actor: User | None = None,
        assignee: User | None = None,
        register: str = SPEC.code,
        place: Any = None,
        agency: Agency | None = None,
        verified: bool = False,
    ) -> Case:
        moment = at(when)
        time_machine.move_to(moment, tick=False)
        case = services.case_open(
            actor=actor or staff.officer,
            register=register,
            agency=agency or staff.office_nghe_an,
            place=place or world.vinh,
            event_date=event_date or moment.date(),
            assignee=assignee,
        )
        if register == SPEC.code:
            SimpleDetail.objects.create(case=case, verified=verified)
        return case

    return _open


def run_concurrently(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` in threads released together on PostgreSQL (row locks, SKIP LOCKED); one
    after the other on SQLite, whose IMMEDIATE transactions serialise writers anyway. Each
    result is the call's return value or the exception it raised."""
    results: list[Any] = [None] * len(calls)
    if connection.vendor != "postgresql":
        for index, call in enumerate(calls):
            try:
                results[index] = call()
            except Exception as error:  # the test inspects it
                results[index] = error
        return results
    barrier = threading.Barrier(len(calls))

    def worker(index: int, call: Callable[[], Any]) -> None:
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # the test inspects it
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results
