"""The outreach pages (sessions, rosters, teams with their check, the mediation book with its
actions to success, the workqueue, the dashboard with its chart, the home card) and the API
with its one error shape; persona by persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import api_as
from tuphap.core.models import AuditEvent
from tuphap.outreach.dissemination import services as dissemination
from tuphap.outreach.mediation import services
from tuphap.outreach.mediation import workflow as book
from tuphap.outreach.mediation.models import MediationCase
from tuphap.outreach.tests.conftest import D, at, matter

pytestmark = pytest.mark.django_db


def test_a_matter_through_the_pages_to_success(outreach: Any, team: Any, client: Client) -> None:
    client.force_login(outreach.officer)
    answer = client.post(
        "/en/outreach/mediation/book/new/",
        {
            "team": team.team.pk,
            "received_at": "2026-12-01T08:00",
            "field": "land",
            "origin": "request",
            "parties": "Bà Lê Thị C và ông Võ Văn D",
            "dispute": "Ranh giới thửa đất",
        },
    )
    assert answer.status_code == 302
    detail = MediationCase.objects.get()
    base = f"/en/outreach/mediation/book/{detail.case_id}/"
    assert 'data-kind="assign"' in client.get("/en/outreach/mediation/").content.decode()
    # A bad step goes back on the form, with the field named.
    refused = client.post(base + "assign/", {"mediator": team.leader.pk, "at": "2030-01-01T08:00"})
    assert refused.status_code == 400
    assert "The time must not be in the future." in refused.content.decode()
    assert (
        client.post(
            base + "assign/", {"mediator": team.leader.pk, "at": "2026-12-02T09:00"}
        ).status_code
        == 302
    )
    page = client.get(base).content.decode()
    # 2 Dec + 3 days is Saturday 5 Dec: the limit moves to Monday 7 Dec (BLDS Art. 148(5)).
    assert 'data-testid="start-due">07/12/2026<' in page
    assert client.post(base + "start/", {"at": "2026-12-03T09:00"}).status_code == 302
    assert (
        client.post(
            base + "session/", {"held_on": "2026-12-03", "note": "Đo đạc lại mốc giới"}
        ).status_code
        == 302
    )
    refused = client.post(base + "conclude/", {"transition": "succeed", "agreement": ""})
    assert refused.status_code == 400
    assert "Write down the agreement reached." in refused.content.decode()
    assert (
        client.post(
            base + "conclude/",
            {
                "transition": "succeed",
                "agreement": "Giữ nguyên mốc giới cũ",
                "written_settlement": "on",
            },
        ).status_code
        == 302
    )
    page = client.get(base).content.decode()
    assert "Giữ nguyên mốc giới cũ" in page
    assert 'data-testid="follow-form"' in page
    detail.refresh_from_db()
    assert detail.case.state == book.SUCCESSFUL
    assert detail.written_settlement is True


def test_the_team_page_shows_its_check_and_a_member_leaving(
    outreach: Any, team: Any, client: Client
) -> None:
    client.force_login(outreach.officer)
    url = f"/en/outreach/mediation/teams/{team.team.pk}/"
    assert "meets Art. 12(1)" in client.get(url).content.decode()
    answer = client.post(
        url + "leave/", {"mediator": team.leader.pk, "left_on": "2026-12-01"}, follow=True
    )
    page = answer.content.decode()
    assert "A mediation team has at least 3 mediators (Art. 12(1))." in page
    assert "A mediation team has a woman mediator (Art. 12(1))." in page
    listing = client.get("/en/outreach/mediation/teams/?incomplete=1").content.decode()
    assert team.team.name in listing


def test_a_session_through_the_form_and_its_page(world: Any, outreach: Any, client: Client) -> None:
    client.force_login(outreach.officer)
    form = {
        "place": world.vinh.pk,
        "held_on": "2026-11-09",
        "form": "contest",
        "topics": "Hiến pháp năm 2013",
        "target_groups": ["pupils"],
        "participants": "200",
        "contestants": "0",
        "materials": "0",
        "documents": "35/2013/QH13 | Luật Hòa giải ở cơ sở",
    }
    refused = client.post("/en/outreach/sessions/new/", form)
    assert refused.status_code == 200
    assert "A contest has its number of contestants." in refused.content.decode()
    answer = client.post("/en/outreach/sessions/new/", {**form, "contestants": "150"})
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "35/2013/QH13" in page
    assert "/legislation/?q=35/2013/QH13" in page.replace("%2F", "/")


def test_the_dashboard_has_the_term_to_date_and_its_chart(
    world: Any, outreach: Any, team: Any, client: Client
) -> None:
    dissemination.session_record(
        actor=outreach.officer,
        place=world.vinh,
        data=dissemination.SessionData(
            held_on=D(2026, 2, 3),
            form="direct",
            topics="Luật Đất đai",
            target_groups=["farmers"],
            participants=75,
        ),
    )
    services.case_receive(
        actor=outreach.officer,
        team_id=team.team.pk,
        data=matter(received_at=at("2026-03-02 08:00")),
    )
    client.force_login(outreach.reader)
    page = client.get("/en/outreach/").content.decode()
    assert 'data-testid="term-sessions">1<' in page
    assert "<td>Farmers</td><td>1</td><td>75</td>" in page  # by target group
    assert 'data-testid="term-participants">75<' in page
    assert 'data-testid="received">1<' in page
    assert "<svg" in page
    assert 'data-testid="chart"' in page
    client.force_login(outreach.officer)
    home = client.get("/en/").content.decode()
    assert 'data-testid="card-outreach"' in home
    assert "Your sessions this term: <a" in home


def test_who_sees_what(world: Any, outreach: Any, team: Any, client: Client) -> None:
    detail = services.case_receive(actor=outreach.officer, team_id=team.team.pk, data=matter())
    url = f"/en/outreach/mediation/book/{detail.case_id}/"
    for user, status in (
        (outreach.officer, 200),
        (outreach.reader, 200),
        (outreach.officer_ha_tinh, 404),
        (world.users["civil_status_officer"], 403),
        (world.users["statistics_officer"], 403),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(outreach.reader)
    page = client.get(url).content.decode()
    assert 'data-testid="assign-form"' not in page  # a reader has no actions
    # The parties are personal data: every read of the case is audited, by whom.
    readers = set(
        AuditEvent.objects.filter(
            action="outreach.mediation.viewed", object_id=str(detail.case_id)
        ).values_list("actor_username", flat=True)
    )
    assert readers == {outreach.officer.username, outreach.reader.username}
    assert (
        client.get("/en/outreach/mediation/").status_code == 403
    )  # the workqueue is the officer's
    assert client.get("/en/outreach/sessions/new/").status_code == 403


def test_the_api_receives_steps_and_lists_with_one_error_shape(
    world: Any, outreach: Any, team: Any
) -> None:
    api = api_as(outreach.officer)
    body = {
        "team": team.team.pk,
        "field": "civil",
        "origin": "referral",
        "parties": "Ông E và ông F",
        "dispute": "Nợ tiền mua vật liệu",
        "received_at": "2026-12-01T08:00:00+07:00",
    }
    refused = api.post("/api/v1/outreach/mediation/cases/", {**body, "parties": " "}, format="json")
    assert refused.status_code == 400
    assert "parties" in refused.json()["error"]["fields"]
    created = api.post("/api/v1/outreach/mediation/cases/", body, format="json")
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]
    steps = f"/api/v1/outreach/mediation/cases/{case_id}/steps"
    bad = api.post(steps, {"action": "assign", "mediator": 0}, format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["mediator"]
    assigned = api.post(
        steps,
        {"action": "assign", "mediator": team.third.pk, "at": "2026-12-01T09:00:00+07:00"},
        format="json",
    )
    assert assigned.json()["start_due_on"] == "2026-12-04"
    api.post(steps, {"action": "start", "at": "2026-12-02T09:00:00+07:00"}, format="json")
    done = api.post(
        steps,
        {"action": "conclude", "transition": "succeed", "agreement": "Trả dần"},
        format="json",
    )
    assert done.json()["state"] == book.SUCCESSFUL
    assert (
        api_as(outreach.officer_ha_tinh).get("/api/v1/outreach/mediation/cases/").json()["count"]
        == 0
    )
    assert (
        api_as(outreach.officer_ha_tinh)
        .get(f"/api/v1/outreach/mediation/cases/{case_id}")
        .status_code
        == 404
    )
    session = api.post(
        "/api/v1/outreach/sessions/",
        {
            "place": world.vinh.pk,
            "held_on": "2026-11-09",
            "form": "direct",
            "topics": "Ngày Pháp luật",
            "target_groups": ["public"],
            "participants": 90,
            "documents": [{"number": "14/2012/QH13", "title": "Luật Phổ biến, giáo dục pháp luật"}],
        },
        format="json",
    )
    assert session.status_code == 201, session.json()
    assert session.json()["documents"][0]["number"] == "14/2012/QH13"
    listing = api_as(outreach.reader).get("/api/v1/outreach/sessions/").json()
    assert listing["count"] == 1
    teams = api_as(outreach.reader).get("/api/v1/outreach/mediation/teams/").json()
    assert teams["count"] == 1
    assert teams["results"][0]["complete"] is True
    assert len(teams["results"][0]["members"]) == 3
    assert (
        api_as(outreach.officer_ha_tinh).get("/api/v1/outreach/mediation/teams/").json()["count"]
        == 0
    )
