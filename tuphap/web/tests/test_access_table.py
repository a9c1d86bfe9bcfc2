"""Authorisation as a table (issue #11): every URL pattern of the project, web page or API
endpoint, is asked for with a GET by every persona, and the answer is compared with the row the
table in ``access_table.py`` declares for it. A URL with no row fails the test.

The codes are explained in ``access_table.py``. A few write endpoints are also exercised with a
POST carrying a valid body, so that a refusal cannot hide behind a validation error.

``ACCESS_TABLE_DUMP=1 pytest tuphap/web/tests/test_access_table.py -s`` prints the table as
observed, to review by hand (never to paste over the table without reading it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from conftest import World
from tuphap.web.tests import access_world
from tuphap.web.tests.access_table import OUTCOMES, POSTS, ROWS, SKIPPED, Row

PERSONAS = access_world.PERSONAS


def url_names() -> dict[str, str]:
    """Every named URL pattern of the project, qualified by its namespaces, with its route."""
    found: dict[str, str] = {}

    def walk(patterns: Any, namespace: str, prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}{entry.namespace}:"
                walk(entry.url_patterns, inner, route)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}{entry.name or f'<unnamed {route}>'}"
                found[name] = route

    walk(get_resolver().url_patterns, "", "/")
    return found


def skipped(name: str) -> bool:
    return name in SKIPPED or (name.startswith("admin:") and name != "admin:index")


def classify(response: Any) -> str:
    status = response.status_code
    if 300 <= status < 400:
        location = response.get("Location", "")
        if "login" in location:
            return "F"
        return "A" if location.startswith("/") or location.startswith("?") else "R"
    if 200 <= status < 300:
        return "A"
    return {400: "B", 401: "F", 403: "F", 404: "N", 405: "M", 409: "C"}.get(status, str(status))


def test_every_url_pattern_has_a_row_and_every_row_a_pattern() -> None:
    names = url_names()
    declared = {row.name for row in ROWS}
    missing = sorted(name for name in names if not skipped(name) and name not in declared)
    assert not missing, (
        "These URL patterns have no row in tuphap/web/tests/access_table.py: "
        + ", ".join(f"{name} ({names[name]})" for name in missing)
        + ". Add a row per URL name with the outcome expected for each persona "
        "(see docs/domain/access.md, 'The access table')."
    )
    stale = sorted((declared | {row.name for row in POSTS}) - set(names))
    assert not stale, f"Rows for URL names that no longer exist: {', '.join(stale)}"
    stale_skips = sorted(set(SKIPPED) - set(names))
    assert not stale_skips, f"Skipped URL names that no longer exist: {', '.join(stale_skips)}"


def test_every_row_has_one_outcome_per_persona() -> None:
    for row in [*ROWS, *POSTS]:
        assert len(row.outcomes.split()) == len(PERSONAS), row.name
        assert set(row.outcomes.split()) <= set(OUTCOMES), row.name


def _expected(name: str, params: dict[str, str], persona: str) -> str:
    (row,) = [row for row in ROWS if row.name == name and row.params == params]
    return row.outcomes.split()[PERSONAS.index(persona)]


def test_the_table_keeps_the_refusals_the_issue_names() -> None:
    """Issue #11's examples: ids do not cross provinces, and the register says who reads."""
    enforcement = {"case_id": "enforcement"}
    application = {"case_id": "application_case"}
    assert _expected("api-case", enforcement, "ha_tinh_enforcement_officer") == "N"
    assert _expected("enforcement:case", enforcement, "ha_tinh_enforcement_officer") == "N"
    assert _expected("api-case", application, "enforcement_head") == "N"
    assert _expected("casework:case", application, "enforcement_head") == "N"
    assert _expected("api-case", application, "civil_status_officer") == "A"


@pytest.fixture
def scene(world: World) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    with time_machine.travel(access_world.NOW, tick=False):
        people = access_world.personas(world)
        ids = access_world.objects(world, people)
        yield people, ids


def _url(row: Row, ids: dict[str, Any]) -> str:
    kwargs = {
        key: value[1:] if value.startswith("=") else ids[value] for key, value in row.params.items()
    }
    with translation.override("vi"):
        url = reverse(row.name, kwargs=kwargs)
    return url + (f"?{row.query.format(**ids)}" if row.query else "")


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    return value


def _clients(people: dict[str, Any]) -> dict[str, Client]:
    clients = {}
    for persona in PERSONAS:
        client = Client()
        if people[persona] is not None:
            client.force_login(people[persona])
        clients[persona] = client
    return clients


def _compare(rows: tuple[Row, ...], method: str, scene: Any) -> list[str]:
    people, ids = scene
    clients = _clients(people)
    wrong = []
    observed = []
    for row in rows:
        url = _url(row, ids)
        got = []
        for persona, expected in zip(PERSONAS, row.outcomes.split(), strict=True):
            if expected == "-":  # not asked (see access_table.py)
                got.append("-")
                continue
            if method == "post":
                body = _fill(row.body or {}, ids)
                response = clients[persona].post(url, body, content_type="application/json")
            else:
                response = clients[persona].get(url)
            outcome = classify(response)
            got.append(outcome)
            if outcome != expected:
                wrong.append(
                    f"{method.upper()} {url} ({row.label}) as {persona}: "
                    f"expected {expected}, got {outcome} ({response.status_code})"
                )
        observed.append(f"    Row({row.name!r}, {row.params!r}, {' '.join(got)!r}),")
    if os.environ.get("ACCESS_TABLE_DUMP"):
        print("\n".join(observed))  # the table as observed, to review by hand
    return wrong


def test_every_url_answers_every_persona_as_the_table_says(scene: Any) -> None:
    wrong = _compare(ROWS, "get", scene)
    assert not wrong, f"{len(wrong)} answers differ from the table:\n" + "\n".join(wrong)


def test_the_refused_posts_are_refused(scene: Any) -> None:
    wrong = _compare(POSTS, "post", scene)
    assert not wrong, f"{len(wrong)} answers differ from the table:\n" + "\n".join(wrong)
