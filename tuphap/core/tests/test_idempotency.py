"""The Idempotency-Key middleware on its own: what it stores, and that a server error stores
nothing and takes the write back with it. (The API journey is in civil_status/tests/test_http.)"""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import RequestFactory

from tuphap.core import audit
from tuphap.core.middleware import IdempotencyMiddleware
from tuphap.core.models import AuditEvent, IdempotentRequest

HEADERS = {"HTTP_AUTHORIZATION": "Token abc", "HTTP_IDEMPOTENCY_KEY": "k-1"}


def _post(body: bytes = b'{"a": 1}', **headers: str) -> HttpRequest:
    return RequestFactory().post(
        "/api/v1/things/", body, content_type="application/json", **{**HEADERS, **headers}
    )


def _writing(status: int) -> Any:
    calls = []

    def view(request: HttpRequest) -> HttpResponse:
        calls.append(request)
        audit.record(actor=None, action="test.thing.created", data={})
        return JsonResponse({"n": len(calls)}, status=status)

    view.calls = calls  # type: ignore[attr-defined]
    return view


def test_the_answer_is_stored_with_the_write_and_replayed(db: Any) -> None:
    view = _writing(201)
    middleware = IdempotencyMiddleware(view)

    first = middleware(_post())
    again = middleware(_post())
    other_client = middleware(_post(HTTP_AUTHORIZATION="Token other"))

    assert len(view.calls) == 2  # the first and the other client's; the retry did not run
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content == b'{"n": 1}'
    assert other_client.content == b'{"n": 2}'
    assert IdempotentRequest.objects.count() == 2
    assert AuditEvent.objects.filter(action="test.thing.created").count() == 2


def test_a_server_error_stores_nothing_and_takes_the_write_back(db: Any) -> None:
    failing = IdempotencyMiddleware(_writing(500))

    answer = failing(_post())
    retried = IdempotencyMiddleware(_writing(201))(_post())

    assert answer.status_code == 500
    assert retried.status_code == 201
    assert AuditEvent.objects.filter(action="test.thing.created").count() == 1
    assert IdempotentRequest.objects.get().status == 201


def test_reads_anonymous_calls_and_pages_pass_through(db: Any) -> None:
    view = _writing(200)
    middleware = IdempotencyMiddleware(view)

    middleware(RequestFactory().get("/api/v1/things/", **HEADERS))
    middleware(_post(HTTP_AUTHORIZATION=""))
    middleware(RequestFactory().post("/enforcement/cases/new", **HEADERS))

    assert len(view.calls) == 3
    assert not IdempotentRequest.objects.exists()


def test_stored_answers_past_the_retry_window_are_purged(db: Any, time_machine: Any) -> None:
    time_machine.move_to("2026-12-01 08:00:00+07:00", tick=False)
    IdempotencyMiddleware(_writing(201))(_post(HTTP_IDEMPOTENCY_KEY="old"))
    time_machine.move_to("2026-12-02 09:00:00+07:00", tick=False)
    IdempotencyMiddleware(_writing(201))(_post(HTTP_IDEMPOTENCY_KEY="recent"))
    output = io.StringIO()

    call_command("purge_idempotent_requests", stdout=output)

    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["recent"]
    assert output.getvalue().startswith("1 stored answers older than 24 h deleted.")
