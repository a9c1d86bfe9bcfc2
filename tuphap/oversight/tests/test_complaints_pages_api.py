"""The complaint pages and API: the workqueue with the days left, the case page's actions (accept,
complex, decide), the DOCX notices, the dashboard, the API list, detail and actions with the
one error shape, and another province's officer seeing nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import api_as
from tuphap.core import official_docx
from tuphap.oversight.complaints import workflow as flow
from tuphap.oversight.complaints.models import Complaint
from tuphap.oversight.tests.complaints_support import D, move, open_complaint

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_workqueue_shows_the_days_left(world: Any, inspectorates: Any, time_machine: Any) -> None:
    detail = open_complaint(inspectorates.inspector, world.vinh, time_machine)
    move(time_machine, D(2026, 7, 6))
    page = client_for(inspectorates.inspector).get(reverse("oversight:complaint_workqueue"))
    assert page.status_code == 200
    row = page.content.decode()
    assert detail.case.display_number in row
    assert 'data-testid="days-left">4<' in row  # due Fri 10 Jul 2026, today Mon 6 Jul
    other = client_for(inspectorates.inspector_ha_tinh).get(
        reverse("oversight:complaint_workqueue")
    )
    assert detail.case.display_number not in other.content.decode()


def test_accept_complex_and_decide_through_the_page(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    officer = inspectorates.inspector
    detail = open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 7, 1))
    move(time_machine, D(2026, 7, 3))
    client = client_for(officer)
    case_id = detail.case_id
    url = reverse("oversight:complaint", kwargs={"case_id": case_id})
    page = client.get(url).content.decode()
    assert 'data-testid="action-accept"' in page
    act = lambda name: reverse(  # noqa: E731
        "oversight:complaint_action", kwargs={"case_id": case_id, "action": name}
    )
    assert client.post(act("accept"), {"accept-on": "2026-07-03"}).status_code == 302
    # a determination with no criteria is refused on the form, naming the field
    refused = client.post(act("determine_complex"), {"determine_complex-reason": "x"})
    assert refused.status_code == 400
    assert "Choose the criteria" in refused.content.decode()
    done = client.post(
        act("determine_complex"),
        {
            "determine_complex-criteria": ["several_contents"],
            "determine_complex-reason": "Hai nội dung khiếu nại",
        },
    )
    assert done.status_code == 302
    detail.refresh_from_db()
    # 45 days from Fri 3 Jul 2026 → Mon 17 Aug 2026
    assert detail.first_due_on == D(2026, 8, 17)
    decided = client.post(
        act("decide"),
        {"decide-number": "30/QĐ-STP", "decide-outcome": "wrong", "decide-money_restored": ""},
    )
    assert decided.status_code == 302
    detail.refresh_from_db()
    assert (detail.case.state, detail.first_outcome, detail.first_on_time) == (
        flow.FIRST_DECIDED,
        "wrong",
        True,
    )
    notice = client.get(
        reverse("oversight:complaint_notice", kwargs={"case_id": case_id, "kind": "complex"})
    )
    assert notice.status_code == 200
    assert notice["Content-Type"] == official_docx.CONTENT_TYPE
    text = official_docx.text_of(notice.content)
    assert "vụ việc khiếu nại phức tạp" in text.lower()
    assert "17/08/2026" in text
    accepted = client.get(
        reverse("oversight:complaint_notice", kwargs={"case_id": case_id, "kind": "acceptance"})
    )
    assert "thụ lý" in official_docx.text_of(accepted.content)
    missing = client.get(
        reverse("oversight:complaint_notice", kwargs={"case_id": case_id, "kind": "non_acceptance"})
    )
    assert missing.status_code == 404


def test_other_province_sees_nothing_by_any_path(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    detail = open_complaint(inspectorates.inspector, world.vinh, time_machine)
    other = inspectorates.inspector_ha_tinh
    client = client_for(other)
    case_id = detail.case_id
    assert (
        client.get(reverse("oversight:complaint", kwargs={"case_id": case_id})).status_code == 404
    )
    assert (
        client.get(
            reverse("oversight:complaint_notice", kwargs={"case_id": case_id, "kind": "acceptance"})
        ).status_code
        == 404
    )
    listing = client.get(reverse("oversight:complaint_list"), {"q": "thu hồi"})
    assert f"/complaints/{case_id}/" not in listing.content.decode()
    assert "No complaint matches." in listing.content.decode()
    api = api_as(other)
    assert api.get(f"/api/v1/oversight/complaints/{case_id}").status_code == 404
    assert api.get("/api/v1/oversight/complaints/").json()["count"] == 0
    posted = api.post(
        f"/api/v1/oversight/complaints/{case_id}/actions", {"action": "accept"}, format="json"
    )
    assert posted.status_code == 404
    assert Complaint.objects.get(pk=case_id).case.state == flow.RECEIVED


def test_api_list_detail_create_and_actions(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    move(time_machine, D(2026, 8, 20))
    api = api_as(inspectorates.inspector)
    bad = api.post(
        "/api/v1/oversight/complaints/",
        {"place": world.vinh.pk, "subject": "", "act_kind": "x"},
        format="json",
    )
    assert bad.status_code == 400
    assert {"subject", "act_kind", "content"} <= set(bad.json()["error"]["fields"])
    created = api.post(
        "/api/v1/oversight/complaints/",
        {
            "place": world.vinh.pk,
            "subject": "Khiếu nại xử phạt",
            "content": "Không đồng ý quyết định xử phạt",
            "act_kind": "decision",
            "act_description": "QĐ 07/QĐ-XPHC",
            "respondent": "Chủ tịch UBND phường",
            "known_on": "2026-08-01",
            "received_on": "2026-08-17",
            "complainants": [{"full_name": "Phạm Văn Khiếu"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["rule_set"], body["accept_due_on"]) == ("kn-2011-nd155", "2026-08-25")
    case_id = body["id"]
    listing = api.get("/api/v1/oversight/complaints/", {"state": "received"}).json()
    assert listing["count"] == 1
    assert listing["results"][0]["id"] == case_id
    accepted = api.post(
        f"/api/v1/oversight/complaints/{case_id}/actions",
        {"action": "accept", "on": "2026-08-20"},
        format="json",
    )
    assert accepted.status_code == 200
    assert accepted.json()["first_due_on"] == "2026-09-21"  # Sat 19 Sep → Mon 21 Sep
    wrong = api.post(
        f"/api/v1/oversight/complaints/{case_id}/actions",
        {"action": "second_complaint"},
        format="json",
    )
    assert wrong.status_code == 409
    leader = api_as(inspectorates.leader_nghe_an)
    assert leader.get(f"/api/v1/oversight/complaints/{case_id}").status_code == 200
    refused = leader.post(
        f"/api/v1/oversight/complaints/{case_id}/actions", {"action": "verify"}, format="json"
    )
    assert refused.status_code == 403


def test_dashboard_counts_and_chart(world: Any, inspectorates: Any, time_machine: Any) -> None:
    officer = inspectorates.inspector
    detail = open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 7, 1))
    move(time_machine, D(2026, 8, 1))
    from tuphap.oversight.complaints import services

    services.complaint_accept(actor=officer, case=detail.case, on=D(2026, 7, 2))
    services.complaint_decide(
        actor=officer, case=detail.case, number="1/QĐ", outcome="right", on=D(2026, 7, 20)
    )
    page = client_for(inspectorates.leader_nghe_an).get(
        reverse("oversight:complaint_dashboard"), {"year": "2026"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="chart"' in text
    assert 'data-testid="accepted">1<' in text
    assert 'data-testid="resolved">1<' in text


def test_timeline_labels_a_new_rule_step_on_an_old_rule_complaint(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    from tuphap.oversight.complaints import services

    officer = inspectorates.inspector
    detail = open_complaint(officer, world.vinh, time_machine, received_on=D(2026, 6, 30))
    move(time_machine, D(2026, 8, 3))
    services.complaint_accept(actor=officer, case=detail.case, on=D(2026, 7, 6))
    services.complaint_suspend(actor=officer, case=detail.case, reason="Chờ giám định")
    page = client_for(officer).get(
        reverse("oversight:complaint", kwargs={"case_id": detail.case_id})
    )
    text = page.content.decode()
    assert detail.case.rule_set == "kn-2011-nd124"
    assert "Suspend the resolution" in text
    assert 'data-testid="action-continue"' in text


def test_the_non_acceptance_notice_gives_its_ground(
    world: Any, inspectorates: Any, time_machine: Any
) -> None:
    from tuphap.oversight.complaints import services

    officer = inspectorates.inspector
    detail = open_complaint(officer, world.vinh, time_machine)
    move(time_machine, D(2026, 7, 2))
    services.complaint_not_accept(
        actor=officer, case=detail.case, ground="court_seized", reason="Tòa án đã thụ lý"
    )
    notice = client_for(officer).get(
        reverse(
            "oversight:complaint_notice",
            kwargs={"case_id": detail.case_id, "kind": "non_acceptance"},
        )
    )
    assert notice.status_code == 200
    text = official_docx.text_of(notice.content)
    assert "Điều 11" in text
    assert "Tòa án đã thụ lý" in text
    assert "ngày 02 tháng 7 năm 2026" in text  # no zero before a month from 3 (NĐ 30/2020)
