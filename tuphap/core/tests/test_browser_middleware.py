"""The browser middlewares skipped for API requests without browser state
(tuphap.core.browser_middleware), with the middleware list the settings take."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import checks
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from tuphap.accounts import services as account_services
from tuphap.core import browser_middleware
from tuphap.core.models import AuditEvent

# settings.MIDDLEWARE with the browser middlewares replaced, each in its place.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tuphap.core.middleware.RequestContextMiddleware",
    "tuphap.core.browser_middleware.SessionMiddleware",
    "tuphap.core.browser_middleware.LocaleMiddleware",
    "tuphap.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tuphap.core.browser_middleware.CsrfViewMiddleware",
    "tuphap.core.browser_middleware.AuthenticationMiddleware",
    "tuphap.core.browser_middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tuphap.core.browser_middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "tuphap.core.middleware.IdempotencyMiddleware",
]
BIRTHS = "/api/v1/civil-status/births/"
REQUEST_ID = "birthtest0001"


def _birth(world: Any, given_name: str = "An") -> dict[str, Any]:
    born = timezone.localdate() - datetime.timedelta(days=3)
    return {
        "commune_id": world.vinh.pk,
        "child": {
            "family_name": "Nguyễn",
            "given_name": given_name,
            "sex": "male",
            "date_of_birth": born.isoformat(),
        },
        "mother": {"full_name": "Trần Thị Bình"},
        "declarant": {"full_name": "Trần Thị Bình", "relationship": "mother"},
    }


@pytest.fixture
def spies() -> Iterator[dict[str, mock.MagicMock]]:
    """Counts the calls of the browser middlewares' work, whichever list builds the chain."""
    targets = {
        "session": (SessionMiddleware, "process_request"),
        "csrf_request": (CsrfViewMiddleware, "process_request"),
        "csrf_view": (CsrfViewMiddleware, "process_view"),
        "messages": (MessageMiddleware, "process_request"),
    }
    patches = {
        name: mock.patch.object(owner, method, autospec=True, side_effect=getattr(owner, method))
        for name, (owner, method) in targets.items()
    }
    started = {name: patch.start() for name, patch in patches.items()}
    yield started
    for patch in patches.values():
        patch.stop()


def test_the_list_replaces_each_browser_middleware_in_its_place() -> None:
    assert len(MIDDLEWARE) == len(settings.MIDDLEWARE)
    for proposed, current in zip(MIDDLEWARE, settings.MIDDLEWARE, strict=True):
        assert current == proposed or issubclass(import_string(proposed), import_string(current))


@override_settings(MIDDLEWARE=MIDDLEWARE)
def test_a_token_call_runs_no_browser_middleware_but_keeps_its_request_id_and_audit(
    world: Any, spies: dict[str, mock.MagicMock]
) -> None:
    officer = world.users["civil_status_officer"]
    token = account_services.token_issue(user=officer)
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "x" * 32  # a stray cookie is not a session

    response = client.post(
        BIRTHS,
        _birth(world),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
        HTTP_X_REQUEST_ID=REQUEST_ID,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 201, response.content
    assert {name: spy.call_count for name, spy in spies.items()} == {
        "session": 0,
        "csrf_request": 0,
        "csrf_view": 0,
        "messages": 0,
    }
    assert response.cookies == {}  # no session, no CSRF cookie
    assert response["X-Request-ID"] == REQUEST_ID
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    event = AuditEvent.objects.get(action="civil_status.birth.registered")
    assert (event.request_id, event.channel, event.client_address) == (
        REQUEST_ID,
        "api",
        "127.0.0.1",
    )
    assert event.actor_id == officer.pk


@pytest.mark.parametrize("middleware", [MIDDLEWARE, None], ids=["skipping", "current"])
def test_an_api_answer_has_the_same_headers_with_either_list(
    world: Any, middleware: list[str] | None
) -> None:
    """Anonymous (no user from a session or a token) and a wrong URL under /api/: the one error
    shape and the headers, the same as through the full chain."""
    with override_settings(MIDDLEWARE=middleware or settings.MIDDLEWARE):
        client = Client()
        anonymous = client.post(BIRTHS, _birth(world), content_type="application/json")
        missing = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")

    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"
    assert anonymous["WWW-Authenticate"] == "Token"
    assert anonymous["Content-Language"] == "vi"
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert missing["Content-Language"] == "en"
    for answer in (anonymous, missing):
        assert answer.cookies == {}
        assert len(answer["X-Request-ID"]) >= 8
        assert answer["X-Frame-Options"] == "DENY"
        assert "Accept-Language" in answer["Vary"]


@override_settings(MIDDLEWARE=MIDDLEWARE)
def test_a_page_still_runs_them(world: Any, spies: dict[str, mock.MagicMock]) -> None:
    client = Client(enforce_csrf_checks=True)

    page = client.get("/login/", HTTP_X_REQUEST_ID=REQUEST_ID)
    forged = client.post("/login/", {"username": "hotich_vinh", "password": "x"})

    assert page.status_code == 200
    assert page["X-Request-ID"] == REQUEST_ID
    assert "csrftoken" in page.cookies
    assert forged.status_code == 403  # no CSRF token: refused before the view
    assert spies["session"].call_count == 2
    # the middleware's check on both; the login view's own csrf_protect on the GET it answered
    assert spies["csrf_view"].call_count == 3
    assert spies["messages"].call_count == 2


@override_settings(MIDDLEWARE=MIDDLEWARE)
def test_an_api_call_with_the_session_cookie_runs_them_and_checks_csrf(
    world: Any, spies: dict[str, mock.MagicMock]
) -> None:
    officer = world.users["civil_status_officer"]
    client = Client(enforce_csrf_checks=True)
    assert "csrftoken" in client.get("/login/").cookies  # a page gives the CSRF cookie
    client.force_login(officer)

    forged = client.post(BIRTHS, _birth(world), content_type="application/json")
    signed = client.post(
        BIRTHS,
        _birth(world, "Bình"),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )

    assert forged.status_code == 403  # DRF's session authentication checks CSRF itself
    assert forged.json()["error"]["code"] == "permission_denied"
    assert signed.status_code == 201, signed.content
    assert spies["session"].call_count == 3
    event = AuditEvent.objects.get(action="civil_status.birth.registered")
    assert (event.actor_id, event.channel) == (officer.pk, "api")


@override_settings(MIDDLEWARE=MIDDLEWARE)
def test_the_system_checks_pass_with_the_list() -> None:
    """The admin wants the session, auth and messages middlewares: subclasses count."""
    problems = [message.id for message in checks.run_checks() if message.is_serious()]

    assert problems == []
    assert issubclass(browser_middleware.SessionMiddleware, SessionMiddleware)
