"""The letters API: list (a page), register (a duplicate linked), detail (senders' identity
only for those who handle letters; the read audited), classify, transfer once (409 the second
time), and the jurisdiction (another province's letter is 404)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import api_as
from tuphap.core.models import AuditEvent
from tuphap.oversight.tests.test_reception_services import CONTENT, register

pytestmark = pytest.mark.django_db

BODY = {
    "received_on": "2026-11-02",
    "channel": "post",
    "content": CONTENT,
    "senders": [{"full_name": "Nguyễn Văn Khải", "pin": "040090001234"}],
}


def test_register_and_list(inspectorates: Any, world: Any) -> None:
    client = api_as(inspectorates.inspector)
    created = client.post("/api/v1/oversight/letters/", BODY, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["reference"] == "1/2026"
    assert body["senders"][0]["pin"] == "040090001234"
    assert body["duplicate_of_id"] is None
    again = client.post(
        "/api/v1/oversight/letters/", {**BODY, "received_on": "2026-11-15"}, format="json"
    )
    assert again.json()["duplicate_of_id"] == body["id"]
    listing = api_as(world.users["provincial_specialist"]).get("/api/v1/oversight/letters/")
    page = listing.json()
    assert page["count"] == 2
    assert set(page) == {"count", "next", "previous", "results"}
    # a letter not yet classified may be a denunciation: its senders are hidden from readers
    assert page["results"][0]["senders"] == []
    assert page["results"][0]["senders_hidden"] is True
    other = api_as(world.users["provincial_specialist_ha_tinh"]).get("/api/v1/oversight/letters/")
    assert other.json()["count"] == 0


def test_bad_body_names_the_fields(inspectorates: Any) -> None:
    answer = api_as(inspectorates.inspector).post(
        "/api/v1/oversight/letters/",
        {**BODY, "senders": [{"full_name": "A", "pin": "12"}], "classification": "not_eligible"},
        format="json",
    )
    assert answer.status_code == 400
    fields = answer.json()["error"]["fields"]
    assert set(fields) == {"senders[0].pin", "ineligible_reason"}


def test_only_inspectors_register(inspectorates: Any, world: Any) -> None:
    answer = api_as(world.users["provincial_specialist"]).post(
        "/api/v1/oversight/letters/", BODY, format="json"
    )
    assert answer.status_code == 403
    assert (
        api_as(world.users["civil_status_officer"]).get("/api/v1/oversight/letters/").status_code
        == 403
    )


def test_detail_in_the_jurisdiction_only_and_audited(inspectorates: Any, world: Any) -> None:
    letter = register(inspectorates.inspector)
    url = f"/api/v1/oversight/letters/{letter.pk}"
    assert api_as(world.users["ministry_specialist"]).get(url).status_code == 200
    assert api_as(inspectorates.inspector_ha_tinh).get(url).status_code == 404
    assert api_as(world.users["provincial_specialist_ha_tinh"]).get(url).status_code == 404
    assert AuditEvent.objects.filter(action="oversight.letter.read").count() == 1


def test_classify_and_transfer_once(inspectorates: Any) -> None:
    letter = register(inspectorates.inspector)
    client = api_as(inspectorates.inspector)
    base = f"/api/v1/oversight/letters/{letter.pk}"
    classified = client.post(
        f"{base}/classification",
        {"classification": "denunciation", "competence": "outside", "on": "2026-11-03"},
        format="json",
    )
    assert classified.status_code == 200, classified.json()
    assert classified.json()["competence"] == "outside"
    first = client.post(
        f"{base}/transfer",
        {"to_agency": inspectorates.ministry.pk, "on": "2026-11-05"},
        format="json",
    )
    assert first.status_code == 200, first.json()
    assert first.json()["transferred_to_name"] == "Thanh tra Bộ Tư pháp"
    second = client.post(f"{base}/transfer", {"to_name": "UBND tỉnh"}, format="json")
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "already_transferred"
    # another province's inspector cannot act on it
    assert (
        api_as(inspectorates.inspector_ha_tinh)
        .post(f"{base}/transfer", {"to_name": "UBND"}, format="json")
        .status_code
        == 404
    )


def test_transfer_to_an_unknown_agency(inspectorates: Any) -> None:
    letter = register(inspectorates.inspector)
    answer = api_as(inspectorates.inspector).post(
        f"/api/v1/oversight/letters/{letter.pk}/transfer", {"to_agency": 999999}, format="json"
    )
    assert answer.status_code == 400
    assert "to_agency" in answer.json()["error"]["fields"]


def test_a_reader_sees_names_but_no_identity_number_once_classified(
    inspectorates: Any, world: Any
) -> None:
    complaint = register(inspectorates.inspector, classification="complaint", competence="within")
    denunciation = register(
        inspectorates.inspector,
        content="Tố cáo cán bộ nhận tiền của người dân khi làm thủ tục",
        classification="denunciation",
        competence="within",
    )
    reader = api_as(world.users["provincial_specialist"])
    seen = reader.get(f"/api/v1/oversight/letters/{complaint.pk}").json()
    assert seen["senders"] == [
        {"full_name": "Nguyễn Văn Khải", "pin": "", "address": "", "representative": True}
    ]
    hidden = reader.get(f"/api/v1/oversight/letters/{denunciation.pk}").json()
    assert (hidden["senders"], hidden["senders_hidden"]) == ([], True)
    handler = api_as(inspectorates.inspector).get(f"/api/v1/oversight/letters/{denunciation.pk}")
    assert handler.json()["senders"][0]["pin"] == "040090001234"
