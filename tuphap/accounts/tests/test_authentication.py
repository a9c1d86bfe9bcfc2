from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from tuphap.accounts import services
from tuphap.accounts.authentication import TokenAuthentication
from tuphap.accounts.models import UserRole


def _authenticate(key: str) -> Any:
    request = APIRequestFactory().get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {key}")
    return TokenAuthentication().authenticate(request)


def test_a_token_gives_its_user_with_the_roles_in_one_statement(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    UserRole.objects.create(user=officer, role="administrator")
    key = services.token_issue(user=officer).key

    with CaptureQueriesContext(connection) as queries:
        user, token = _authenticate(key)
        roles = user.role_set()

    assert len(queries) == 1
    assert (user.pk, token.key, token.user) == (officer.pk, key, user)
    assert roles == {"civil_status_officer", "administrator"}
    assert token.created is not None  # read when asked for


def test_a_user_without_roles_has_none(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    officer.roles.all().delete()
    key = services.token_issue(user=officer).key

    user, _token = _authenticate(key)

    assert user.role_set() == frozenset()


@pytest.mark.parametrize("key", ["0" * 40, "x" * 41, "'; DROP TABLE authtoken_token; --"])
def test_an_unknown_token_is_refused(world: Any, key: str) -> None:
    services.token_issue(user=world.users["civil_status_officer"])

    with pytest.raises(exceptions.AuthenticationFailed):
        _authenticate(key)


def test_the_token_of_an_inactive_user_is_refused(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    key = services.token_issue(user=officer).key
    officer.is_active = False
    officer.save(update_fields=["is_active"])

    with pytest.raises(exceptions.AuthenticationFailed):
        _authenticate(key)


def test_a_register_api_with_a_wrong_token_is_401_in_the_error_shape(
    world: Any, api_client: Any
) -> None:
    api_client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    response = api_client.post("/api/v1/civil-status/births/", {}, format="json")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.json()["error"]["fields"] == {}
