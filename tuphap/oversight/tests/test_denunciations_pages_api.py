"""The denunciation pages and API, and the denouncer's identity by every path: the workqueue,
the list and its search, the case page, the DOCX notices, the dashboard, the indicators, the
API's list, detail and denouncers — for the resolver, a granted user, a colleague, a leader, an
auditor and another province's inspector."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import api_as
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.core import official_docx
from tuphap.core.models import AuditEvent
from tuphap.oversight.denunciations import services
from tuphap.oversight.denunciations import workflow as flow
from tuphap.oversight.tests.complaints_support import D, move, open_denunciation
from tuphap.statistics.registry import registry

pytestmark = pytest.mark.django_db

NAME = "Trần Thị Tố Giác"
PIN = "040190005678"
PHONE = "0912345678"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _leaks(text: str) -> bool:
    return NAME in text or PIN in text or PHONE in text


def test_identity_never_reaches_anyone_else(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    resolver = inspectorates.inspector
    detail = open_denunciation(resolver, world.vinh, time_machine)
    move(time_machine, D(2026, 8, 20))
    services.denunciation_accept(actor=resolver, case=detail.case)
    case_id = detail.case_id
    colleague = account_factories.user("thanhtra2_nghean", world.doj_nghe_an, Role.INSPECTOR)
    auditor = account_factories.user("kiemtoan2_nghean", world.doj_nghe_an, Role.AUDITOR)
    others = [colleague, auditor, inspectorates.leader_nghe_an, world.users["leader"]]
    pages = [
        reverse("oversight:denunciation_list"),
        reverse("oversight:denunciation_dashboard"),
        reverse("oversight:denunciation", kwargs={"case_id": case_id}),
    ]
    for user in others:
        client = client_for(user)
        for url in pages:
            answer = client.get(url)
            assert answer.status_code == 200, (user, url)
            assert not _leaks(answer.content.decode()), (user, url)
        # a search by the denouncer's name finds nothing (the box echoes the query only)
        found = client.get(reverse("oversight:denunciation_list"), {"q": NAME}).content.decode()
        assert f"/denunciations/{case_id}/" not in found
        assert "No denunciation matches." in found
        if user is colleague:
            queue = client.get(reverse("oversight:denunciation_workqueue"))
            assert not _leaks(queue.content.decode())
        notice = client.get(
            reverse(
                "oversight:denunciation_notice", kwargs={"case_id": case_id, "kind": "acceptance"}
            )
        )
        assert notice.status_code == 403
        api = api_as(user)
        for url in (
            "/api/v1/oversight/denunciations/",
            f"/api/v1/oversight/denunciations/{case_id}",
        ):
            answer = api.get(url)
            assert answer.status_code == 200
            assert not _leaks(answer.content.decode())
        assert api.get("/api/v1/oversight/denunciations/", {"q": NAME}).json()["count"] == 0
        assert api.get(f"/api/v1/oversight/denunciations/{case_id}/denouncers").status_code == 403
    # searching by the denouncer's name finds nothing, even for the resolver
    assert api_as(resolver).get(f"/api/v1/oversight/denunciations/?q={NAME}").json()["count"] == 0
    # another province's inspector: nothing at all
    stranger = inspectorates.inspector_ha_tinh
    assert (
        client_for(stranger)
        .get(reverse("oversight:denunciation", kwargs={"case_id": case_id}))
        .status_code
        == 404
    )
    assert api_as(stranger).get("/api/v1/oversight/denunciations/").json()["count"] == 0
    # the indicators (the reports) carry counts only
    rows = list(
        registry.get("oversight.denunciations.accepted").source(
            datetime.date(2026, 8, 1), datetime.date(2026, 8, 31)
        )
    )
    assert [row[3] for row in rows] == [1]
    assert not _leaks(repr(rows))
    assert not AuditEvent.objects.filter(action="oversight.denunciation.identity_read").exists()


def test_the_resolver_sees_and_prints_the_identity_each_read_audited(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    resolver = inspectorates.inspector
    detail = open_denunciation(resolver, world.vinh, time_machine)
    move(time_machine, D(2026, 8, 20))
    services.denunciation_accept(actor=resolver, case=detail.case)
    client = client_for(resolver)
    page = client.get(reverse("oversight:denunciation", kwargs={"case_id": detail.case_id}))
    assert NAME in page.content.decode()
    notice = client.get(
        reverse(
            "oversight:denunciation_notice",
            kwargs={"case_id": detail.case_id, "kind": "acceptance"},
        )
    )
    assert notice.status_code == 200
    text = official_docx.text_of(notice.content)
    assert NAME in text
    assert "21/09/2026" in text  # 30 days from Thu 20 Aug 2026 → Sat 19 Sep → Mon 21 Sep
    api = api_as(resolver).get(f"/api/v1/oversight/denunciations/{detail.case_id}/denouncers")
    assert api.json()[0]["full_name"] == NAME
    assert AuditEvent.objects.filter(action="oversight.denunciation.identity_read").count() == 3


def test_actions_through_the_page_and_the_api(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    resolver = inspectorates.inspector
    detail = open_denunciation(resolver, world.vinh, time_machine, several_sites=True)
    move(time_machine, D(2026, 8, 24))
    client = client_for(resolver)
    act = lambda name: reverse(  # noqa: E731
        "oversight:denunciation_action", kwargs={"case_id": detail.case_id, "action": name}
    )
    refused = client.post(act("check"), {"check-note": ""})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    assert client.post(act("check"), {"check-note": "Đủ điều kiện"}).status_code == 302
    assert client.post(act("accept"), {}).status_code == 302
    api = api_as(resolver)
    extended = api.post(
        f"/api/v1/oversight/denunciations/{detail.case_id}/actions",
        {"action": "extend", "complexity": "complex", "note": "Xác minh nhiều nơi"},
        format="json",
    )
    assert extended.status_code == 200
    # 30 days from Mon 24 Aug 2026 → Wed 23 Sep; extended by 30 → Fri 23 Oct
    assert extended.json()["resolution_due_on"] == "2026-10-23"
    again = api.post(
        f"/api/v1/oversight/denunciations/{detail.case_id}/actions",
        {"action": "extend", "complexity": "complex", "note": "Lần hai"},
        format="json",
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"]
    detail.refresh_from_db()
    assert detail.case.state == flow.ACCEPTED


def test_grant_through_the_api_and_the_transfer_notice(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    resolver = inspectorates.inspector
    colleague = account_factories.user("thanhtra3_nghean", world.doj_nghe_an, Role.INSPECTOR)
    detail = open_denunciation(resolver, world.vinh, time_machine)
    move(time_machine, D(2026, 8, 21))
    url = f"/api/v1/oversight/denunciations/{detail.case_id}"
    # the colleague may work on the case but not grant, nor read the identity
    refused = api_as(colleague).post(
        f"{url}/actions",
        {"action": "grant_identity", "user": colleague.pk, "note": "tự cấp"},
        format="json",
    )
    assert refused.status_code == 403
    assert api_as(colleague).get(f"{url}/denouncers").status_code == 403
    granted = api_as(resolver).post(
        f"{url}/actions",
        {"action": "grant_identity", "user": colleague.pk, "note": "Ký kết luận"},
        format="json",
    )
    assert granted.status_code == 200
    assert not _leaks(granted.content.decode())
    assert api_as(colleague).get(f"{url}/denouncers").json()[0]["pin"] == PIN
    moved = api_as(resolver).post(
        f"{url}/actions",
        {
            "action": "transfer",
            "to_name": "Thanh tra tỉnh Nghệ An",
            "notified_on": "2026-08-21",
            "on": "2026-08-21",
        },
        format="json",
    )
    assert moved.status_code == 200
    assert moved.json()["transferred_on_time"] is True  # due on the make-up Saturday 22 Aug
    notice = client_for(colleague).get(
        reverse(
            "oversight:denunciation_notice", kwargs={"case_id": detail.case_id, "kind": "transfer"}
        )
    )
    assert notice.status_code == 200
    text = official_docx.text_of(notice.content)
    assert "Thanh tra tỉnh Nghệ An" in text
    assert NAME in text
