"""The case pages: My work, a case with its timeline and forms, notifications, time in state."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tuphap.casework import services
from tuphap.casework.models import Case, CaseAction, Notification
from tuphap.casework.tests.conftest import OpenCase, Staff, at


@pytest.fixture
def case(open_case: OpenCase, staff: Staff, time_machine: Any) -> Case:
    opened = open_case("2026-08-27 09:00", assignee=staff.officer)
    time_machine.move_to(at("2026-08-28 10:00"), tick=False)
    return opened


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_my_work_lists_sections_and_empty_states(case: Case, staff: Staff, client: Client) -> None:
    client.force_login(staff.officer)

    html = page(client, "/en/cases/")
    assert 'data-testid="tab-open">My open cases (1)' in html
    assert f'<tr data-case="{case.pk}">' in html
    assert "Overdue (0)" in html

    assert "Nothing is overdue. Well done." in page(client, "/en/cases/?section=overdue")
    client.force_login(staff.officer_2)
    assert "No open case is assigned to you." in page(client, "/en/cases/")


def test_my_work_is_in_the_navigation(world: Any, staff: Staff, client: Client) -> None:
    client.force_login(staff.officer)
    assert 'href="/en/cases/"' in page(client, "/en/")


def test_case_page_shows_timeline_and_a_form_per_allowed_transition(
    case: Case, staff: Staff, client: Client
) -> None:
    client.force_login(staff.head)
    html = page(client, f"/en/cases/{case.pk}/")

    assert 'data-sequence="1"' in html
    assert 'data-transition="start_verification"' in html
    assert 'data-transition="terminate"' in html
    assert 'data-testid="assign-form"' in html
    assert 'data-testid="pause-form"' in html


def test_read_only_leader_sees_no_forms(case: Case, world: Any, client: Client) -> None:
    client.force_login(world.users["leader"])
    html = page(client, f"/en/cases/{case.pk}/")
    assert "data-transition=" not in html
    assert 'data-testid="assign-form"' not in html
    assert 'data-testid="pause-form"' not in html


def test_post_a_transition_from_the_page(case: Case, staff: Staff, client: Client) -> None:
    client.force_login(staff.officer)

    response = client.post(
        f"/en/cases/{case.pk}/transition/",
        {"transition": "start_verification", "reason": "file complete"},
        follow=True,
    )

    assert response.redirect_chain == [(f"/en/cases/{case.pk}/", 302)]
    assert "The case has moved on." in response.content.decode()
    case.refresh_from_db()
    assert case.state == "verifying"
    assert CaseAction.objects.get(case=case, sequence=2).reason == "file complete"


def test_refused_transition_from_the_page_shows_why(
    case: Case, staff: Staff, client: Client
) -> None:
    client.force_login(staff.officer)

    response = client.post(
        f"/en/cases/{case.pk}/transition/", {"transition": "complete"}, follow=True
    )

    assert "is not allowed from the state" in response.content.decode()
    assert CaseAction.objects.filter(case=case).count() == 1


def test_pause_and_assign_from_the_page(case: Case, staff: Staff, client: Client) -> None:
    client.force_login(staff.head)
    client.post(f"/en/cases/{case.pk}/pause/", {"reason": "postponed"})
    client.post(f"/en/cases/{case.pk}/assign/", {"assignee": staff.officer_2.pk, "reason": "leave"})
    case.refresh_from_db()
    assert (case.paused_at, case.assignee) == (at("2026-08-28 10:00"), staff.officer_2)


def test_outsider_gets_404(case: Case, staff: Staff, client: Client) -> None:
    client.force_login(staff.officer_ha_tinh)
    assert client.get(f"/en/cases/{case.pk}/").status_code == 404
    assert (
        client.post(
            f"/en/cases/{case.pk}/transition/", {"transition": "start_verification"}
        ).status_code
        == 404
    )


def test_leader_posting_a_pause_is_forbidden(case: Case, world: Any, client: Client) -> None:
    client.force_login(world.users["leader"])
    assert client.post(f"/en/cases/{case.pk}/pause/", {"reason": "r"}).status_code == 403


def test_notifications_page(case: Case, staff: Staff, client: Client) -> None:
    Notification.objects.create(
        recipient=staff.officer,
        case=case,
        kind="overdue",
        text="Case 1/2026 is overdue.",
        created_at=at("2026-08-28 09:00"),
    )
    client.force_login(staff.officer)

    assert "<strong>Case 1/2026 is overdue.</strong>" in page(client, "/en/cases/notifications/")
    client.post("/en/cases/notifications/")
    assert Notification.objects.get().read_at == at("2026-08-28 10:00")
    client.force_login(staff.officer_2)
    assert "You have no notifications." in page(client, "/en/cases/notifications/")


def test_time_in_state_page(case: Case, staff: Staff, client: Client) -> None:
    client.force_login(staff.officer)
    assert "Choose a register, then press Show." in page(client, "/en/cases/time-in-state/")
    html = page(client, "/en/cases/time-in-state/?register=test.simple&include_open=on")
    assert 'data-state="received"' in html


def test_extend_form_shows_the_extensions_left_in_both_languages(
    case: Case, staff: Staff, client: Client
) -> None:
    services.case_transition(actor=staff.officer, case=case, transition="start_verification")
    client.force_login(staff.officer)

    assert "Extend the deadline (2 extensions left)" in page(client, f"/en/cases/{case.pk}/")
    assert 'data-testid="extend-form"' in page(client, f"/cases/{case.pk}/")
    client.post(f"/en/cases/{case.pk}/extend/", {"reason": "complex"})
    assert "Extend the deadline (1 extension left)" in page(client, f"/en/cases/{case.pk}/")
