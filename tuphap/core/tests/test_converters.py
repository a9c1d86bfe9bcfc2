"""Record ids in URLs (tuphap/core/converters.py): a route names an id with ``<id:...>``, and an
id the database cannot hold is a 404, never a server error."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from conftest import World


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    routes = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes.extend(_routes(pattern.url_patterns, route))
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


def test_every_record_id_in_a_route_uses_the_id_converter() -> None:
    offending = [route for route in _routes(get_resolver().url_patterns) if "<int:" in route]
    assert [route for route in offending if "_id>" in route] == []


def test_an_id_beyond_the_database_integers_is_not_found(world: World) -> None:
    client = APIClient()
    client.force_authenticate(world.users["ministry_specialist"])
    assert client.get("/api/v1/cases/1").status_code == 404  # no case 1 in this world
    for huge in ("9223372036854775808", "84331377793639181149022453"):
        response = client.get(f"/api/v1/cases/{huge}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
