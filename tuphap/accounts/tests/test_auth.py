from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from conftest import api_as
from tuphap.accounts.tests.factories import PASSWORD
from tuphap.core.models import AuditEvent


def test_login_page_signs_in_and_audits(world: Any, client: Client) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "hotich_vinh", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert (
        AuditEvent.objects.filter(
            action="accounts.session.signed_in", actor_username="hotich_vinh"
        ).count()
        == 1
    )


def test_wrong_password_is_refused_and_audited(world: Any, client: Client) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "hotich_vinh", "password": "wrong"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    event = AuditEvent.objects.get(action="accounts.session.sign_in_failed")
    assert event.data == {"username": "hotich_vinh"}


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_after_repeated_failures_even_with_the_right_password(
    world: Any, client: Client
) -> None:
    for _attempt in range(3):
        client.post(reverse("accounts:login"), {"username": "hotich_vinh", "password": "wrong"})

    response = client.post(
        reverse("accounts:login"), {"username": "hotich_vinh", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(world: Any) -> None:
    assert world.users["leader"].password.startswith("argon2")


def test_pages_require_login(db: Any, client: Client) -> None:
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login"))


def test_api_token_flow(world: Any, api_client: Any) -> None:
    response = api_client.post(
        "/api/v1/auth/token", {"username": "chuyenvien_nghean", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me").json()

    assert me["username"] == "chuyenvien_nghean"
    assert me["roles"] == ["provincial_specialist"]
    assert me["agency"]["code"] == "STP-40"


def test_api_token_wrong_password_names_the_field(world: Any, api_client: Any) -> None:
    response = api_client.post(
        "/api/v1/auth/token", {"username": "chuyenvien_nghean", "password": "nope"}, format="json"
    )

    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid_credentials"
    assert list(body["fields"]) == ["password"]


def test_api_token_missing_fields_are_named(db: Any, api_client: Any) -> None:
    response = api_client.post("/api/v1/auth/token", {}, format="json")

    assert response.status_code == 400
    assert sorted(response.json()["error"]["fields"]) == ["password", "username"]


def test_api_without_credentials_is_401_in_the_error_shape(db: Any, api_client: Any) -> None:
    response = api_client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.json()["error"]["fields"] == {}


def test_unknown_api_path_is_404_in_the_error_shape(db: Any, client: Client) -> None:
    response = client.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_every_response_carries_a_request_id_and_secure_headers(db: Any, client: Client) -> None:
    response = client.get(reverse("accounts:login"))

    assert len(response.headers["X-Request-ID"]) == 32
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_login_form_is_csrf_protected(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "hotich_vinh", "password": PASSWORD}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("provincial_specialist", ["STP-40", "UBND-16681"]),
        ("provincial_specialist_ha_tinh", ["STP-42"]),
        ("civil_status_officer", ["UBND-16681"]),
        ("ministry_specialist", ["BTP", "STP-40", "STP-42", "UBND-16681"]),
    ],
    ids=["nghe-an", "ha-tinh", "commune", "ministry"],
)
def test_agency_list_api_is_scoped(world: Any, persona: str, expected: list[str]) -> None:
    response = api_as(world.users[persona]).get("/api/v1/agencies/")

    assert response.status_code == 200
    assert [item["code"] for item in response.json()["results"]] == expected
