from __future__ import annotations

from typing import Any

import yaml
from django.test import Client


def test_openapi_schema_has_unique_components_and_our_paths(db: Any, client: Client) -> None:
    response = client.get("/api/v1/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["info"]["title"] == "tuphap API"
    assert {"/api/v1/me", "/api/v1/audit/", "/api/v1/auth/token"} <= set(schema["paths"])
    components = set(schema["components"]["schemas"])
    assert {"MeOutput", "AuditEventListOutput", "TokenObtainInputRequest"} <= components


def test_docs_page_is_served_without_a_cdn(db: Any, client: Client) -> None:
    page = client.get("/api/v1/docs/").content.decode()

    assert "swagger-ui" in page
    assert "cdn" not in page.lower()
    assert "https://" not in page


def test_api_messages_follow_accept_language(world: Any, client: Client) -> None:
    client.force_login(world.users["leader"])
    url = "/api/v1/calendar/deadline?start=2024-01-01&amount=1&unit=fortnights"

    vietnamese = client.get(url).json()["error"]
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["error"]

    assert list(vietnamese["fields"]) == list(english["fields"]) == ["unit"]
    assert english["message"].startswith("Invalid input")
    assert vietnamese["message"].startswith("Dữ liệu không hợp lệ")
