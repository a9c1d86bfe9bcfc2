"""Fuzzing the API with schemathesis (issue #11): every operation of ``/api/v1/schema/`` is
called with generated requests, valid and invalid, under the tokens of three personas (a commune
civil status officer, a provincial enforcement head, a ministry specialist), in the world of the
access table. Schemathesis's own default checks judge every answer: no server error, the status
code, the content type, the headers and the body are the ones the schema documents, a request
the schema says is valid is not refused, and one it says is invalid is refused.

Bounded: ``FUZZ_EXAMPLES`` examples per operation (default 6, the personas taking turns),
derandomised so that a run is repeatable; ``FUZZ_EXAMPLES=50 pytest
tuphap/api/tests/test_fuzz.py`` searches harder by hand.
What ran and how long is in docs/operations.md, "Fuzzing"."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import time_machine
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from conftest import World
from tuphap.web.tests import access_world

TURNS = itertools.count()
RULE_BOUND_READS = {"/api/v1/statistics/report", "/api/v1/calendar/deadline"}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
FUZZED_PERSONAS = ("civil_status_officer", "enforcement_head", "ministry_specialist")


# The schema is built without the database (drf-spectacular reads the code), so it loads when
# the module is collected; schemathesis's fixture loader does not run under pytest 9.
# Not fuzzed: signing in with generated passwords only feeds the lockout (django-axes) that the
# sign-in tests prove; a locked-out token endpoint would make every later example a 429.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application()).exclude(
    path="/api/v1/auth/token"
)
# DRF refuses a NUL character in any text field with a 400 naming the field; no schema can say
# so for every string, so the generated text has none.
schema.config.generation.update(allow_x00=False)


@pytest.fixture
def tokens(world: World) -> Iterator[dict[str, str]]:
    # Schemathesis calls the WSGI application itself, whose end of request closes the database
    # connection (the test's own, on PostgreSQL); Django's test client holds the same signal
    # back while it calls, and so does this fixture.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield from _tokens(world)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _tokens(world: World) -> Iterator[dict[str, str]]:
    with time_machine.travel(access_world.NOW, tick=False):
        people = access_world.personas(world)
        access_world.objects(world, people)
        yield {
            persona: Token.objects.get_or_create(user=people[persona])[0].key
            for persona in FUZZED_PERSONAS
        }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_answers_as_its_schema_says(case: Any, tokens: dict[str, str]) -> None:
    # A write may be refused by a rule of the law that no schema can state (the record's state,
    # a date before another): the 400 then names the field in the one error shape, which the
    # other checks verify. So "a schema-valid request is accepted" is asked of reads only.
    # Two reads take a value whose rule is more than a schema can say: the period code's grammar
    # and years (2023, THADS2023M06, TERM2021 but not TERM2023) and the calendar's known years.
    rule_bound = case.method.upper() != "GET" or case.path in RULE_BOUND_READS
    excluded = [positive_data_acceptance] if rule_bound else []
    # The personas take turns, one per example, so that the run stays bounded.
    token = tokens[FUZZED_PERSONAS[next(TURNS) % len(FUZZED_PERSONAS)]]
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, excluded_checks=excluded)
