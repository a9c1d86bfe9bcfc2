from __future__ import annotations

from typing import Any

import yaml
from django.test import Client
from openapi_spec_validator import OpenAPIV30SpecValidator


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


def _schema(client: Client) -> dict[str, Any]:
    return dict(yaml.safe_load(client.get("/api/v1/schema/").content))


def test_the_schema_is_a_valid_openapi_document(db: Any, client: Client) -> None:
    errors = [error.message for error in OpenAPIV30SpecValidator(_schema(client)).iter_errors()]

    assert errors == []


def test_every_paginated_list_answers_the_page_its_schema_describes(
    world: Any, client: Client
) -> None:
    schema = _schema(client)
    components = schema["components"]["schemas"]
    pages = {}
    for path, operations in schema["paths"].items():
        answer = operations.get("get", {}).get("responses", {}).get("200", {})
        reference = answer.get("content", {}).get("application/json", {}).get("schema", {})
        name = reference.get("$ref", "").rsplit("/", 1)[-1]
        if name.endswith("Page"):
            pages[path] = components[name]
    assert len(pages) >= 15
    answered = {}
    for path, page in pages.items():
        if "{" in path:
            continue  # a list under one record (the programme's items): its own tests
        for user in world.users.values():
            client.force_login(user)
            response = client.get(path)
            if response.status_code == 200:
                answered[path] = (response.json(), page)
                break
    assert set(answered) == {path for path in pages if "{" not in path}
    for path, (body, page) in answered.items():
        assert set(body) == set(page["properties"]), path
        assert isinstance(body["results"], list), path
        assert page["properties"]["results"]["type"] == "array", path


def test_every_operation_documents_its_error_answers_in_the_one_shape(
    world: Any, client: Client
) -> None:
    schema = _schema(client)
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"error"}
    undocumented = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            expected = {"400", "404"}
            if {} not in operation.get("security", []):  # not open to anonymous callers
                expected |= {"401", "403"}
            if method != "get":
                expected.add("409")
                headers = {
                    p["name"] for p in operation.get("parameters", []) if p["in"] == "header"
                }
                if "Idempotency-Key" not in headers:
                    undocumented.append(f"{method.upper()} {path} Idempotency-Key")
            for code in expected - codes:
                undocumented.append(f"{method.upper()} {path} {code}")
            for code in codes & {"400", "401", "403", "404", "409", "429"}:
                body = operation["responses"][code]["content"]["application/json"]["schema"]
                assert body == {"$ref": "#/components/schemas/Error"}, (path, code)
    assert undocumented == []
    assert "429" in schema["paths"]["/api/v1/auth/token"]["post"]["responses"]

    # What an error answers is what the Error component describes.
    client.force_login(world.users["civil_status_officer"])
    answer = client.get("/api/v1/cases/999999999")
    assert answer.status_code == 404
    detail = schema["components"]["schemas"]["ErrorDetail"]
    assert set(answer.json()) == {"error"}
    assert set(answer.json()["error"]) == set(detail["properties"])
