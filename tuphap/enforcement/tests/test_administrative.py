"""THAHC, the follow-up of administrative judgments: registering a judgment, the follow-up steps
with their deadlines, refusals that write nothing, jurisdiction, the page and the API, and the
figures with their identities (the "other" bucket reconciles the totals)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from conftest import api_as
from tuphap.casework.models import Case, CaseAction
from tuphap.casework.workflow import TransitionNotAllowed
from tuphap.core.errors import AccessDenied, NotFound, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.core.periods import parse
from tuphap.enforcement.administrative import figures as thahc
from tuphap.enforcement.administrative import indicators, selectors, services
from tuphap.enforcement.administrative import workflow as administrative
from tuphap.enforcement.administrative.models import AdministrativeJudgment
from tuphap.enforcement.cases import selectors as case_selectors
from tuphap.enforcement.tests.conftest import VN, D, Staff, at
from tuphap.statistics import reports
from tuphap.statistics import services as statistics_services
from tuphap.statistics.registry import registry

pytestmark = pytest.mark.django_db


def data(**changes: Any) -> services.AdministrativeData:
    values: dict[str, Any] = {
        "court_name": "Tòa án nhân dân tỉnh Nghệ An",
        "number": "12/2026/HC-ST",
        "issued_on": D(2026, 3, 20),
        "effective_on": D(2026, 4, 20),
        "received_on": D(2026, 6, 1),
        "body_name": "Ủy ban nhân dân phường Trường Vinh",
        "obligation": "Hủy Quyết định thu hồi đất số 112/QĐ-UBND",
        "obligee_name": "Nguyễn Văn An",
    }
    values.update(changes)
    return services.AdministrativeData(**values)


def register(world: Any, staff: Staff, time_machine: Any, **changes: Any) -> Case:
    time_machine.move_to(at("2026-06-02 09:00"), tick=False)
    detail = services.administrative_open(
        actor=staff.officer, place=world.vinh, data=data(**changes), assignee=staff.officer
    )
    return detail.case


def due_day(case: Case) -> datetime.date | None:
    return case.due_at.astimezone(VN).date() if case.due_at else None


def step(actor: Any, case: Case, name: str, day: datetime.date, **extra: Any) -> Case:
    detail = services.administrative_transition(
        actor=actor, case=Case.objects.get(pk=case.pk), transition=name, decided_on=day, **extra
    )
    return detail.case


def written() -> tuple[int, ...]:
    return (
        Case.objects.count(),
        CaseAction.objects.count(),
        AuditEvent.objects.count(),
        AdministrativeJudgment.objects.exclude(compulsion_number="").count(),
    )


# -- opening and the follow-up steps -------------------------------------------------------------


def test_a_judgment_is_followed_up_from_registration_to_compliance(
    world: Any, staff: Staff, time_machine: Any
) -> None:
    # given a judgment received on Monday 1 June 2026
    case = register(world, staff, time_machine)
    # then the notice is due within 5 working days (NĐ 71/2016 Art. 14)
    assert (case.register, case.state, case.event_date) == (
        administrative.REGISTER,
        administrative.REGISTERED,
        D(2026, 6, 1),
    )
    assert due_day(case) == D(2026, 6, 8)

    # when the office notifies, urges, records the court's compulsion decision, meets the body,
    # reports up, and the body finally complies
    time_machine.move_to(at("2026-11-20 09:00"), tick=False)
    case = step(staff.officer, case, "notify", D(2026, 6, 3))
    assert (case.state, due_day(case)) == (administrative.NOTIFIED, D(2026, 7, 3))  # 30 days
    case = step(staff.officer, case, "urge", D(2026, 7, 10))
    case = step(
        staff.officer, case, "record_compulsion", D(2026, 8, 3), compulsion_number="7/QĐ-BTHA"
    )
    assert (case.state, due_day(case)) == (administrative.COMPELLED, D(2026, 8, 6))  # 3 w.d.
    case = step(staff.officer, case, "meet", D(2026, 8, 5))
    case = step(staff.head, case, "report", D(2026, 9, 1))
    case = step(staff.officer, case, "complete", D(2026, 10, 2))

    # then the case is closed, the compulsion decision is on the detail, every step is audited
    assert (case.state, case.closed_at is not None, case.due_at) == (
        administrative.COMPLETED,
        True,
        None,
    )
    detail = AdministrativeJudgment.objects.get(case=case)
    assert (detail.compulsion_number, detail.compulsion_date) == ("7/QĐ-BTHA", D(2026, 8, 3))
    transitions = CaseAction.objects.filter(case=case, kind=CaseAction.Kind.TRANSITIONED)
    assert list(transitions.order_by("sequence").values_list("transition", flat=True)) == [
        "notify",
        "urge",
        "record_compulsion",
        "meet",
        "report",
        "complete",
    ]
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[:2] == ["casework.case.opened", "enforcement.administrative.opened"]
    assert actions.count("enforcement.administrative.step") == 6
    assert actions.count("casework.case.transitioned") == 6


def test_registering_reports_every_invalid_field_and_writes_nothing(
    world: Any, staff: Staff, time_machine: Any
) -> None:
    register(world, staff, time_machine)
    before = written()
    with pytest.raises(ValidationFailed) as caught:
        services.administrative_open(
            actor=staff.officer,
            place=world.vinh,
            data=data(
                body_name=" ",
                obligation="",
                effective_on=D(2026, 3, 1),
                received_on=D(2026, 7, 1),
            ),
        )
    assert set(caught.value.fields) == {
        "body_name",
        "obligation",
        "effective_on",
        "received_on",
        "number",  # the same judgment is already followed up by the office
    }
    assert written() == before


@pytest.mark.parametrize(
    ("who", "name", "day", "extra", "error"),
    [
        ("officer", "meet", D(2026, 6, 2), {}, TransitionNotAllowed),
        ("officer", "record_compulsion", D(2026, 6, 2), {}, ValidationFailed),
        ("officer", "notify", D(2026, 5, 30), {}, ValidationFailed),
        ("officer", "notify", D(2026, 6, 3), {}, ValidationFailed),  # in the future
        ("officer", "close_other", D(2026, 6, 2), {}, TransitionNotAllowed),
        ("officer_ha_tinh", "notify", D(2026, 6, 2), {}, NotFound),
    ],
    ids=[
        "not-from-this-state",
        "compulsion-without-number",
        "before-the-receipt",
        "in-the-future",
        "head-only",
        "other-province",
    ],
)
def test_a_refused_step_writes_nothing(
    world: Any,
    staff: Staff,
    time_machine: Any,
    who: str,
    name: str,
    day: datetime.date,
    extra: dict[str, Any],
    error: type[Exception],
) -> None:
    case = register(world, staff, time_machine)
    before = written()
    with pytest.raises(error):
        services.administrative_transition(
            actor=getattr(staff, who), case=case, transition=name, decided_on=day, **extra
        )
    assert written() == before
    assert Case.objects.get(pk=case.pk).state == administrative.REGISTERED


def test_the_jurisdiction_of_the_office(world: Any, staff: Staff, time_machine: Any) -> None:
    case = register(world, staff, time_machine)
    # another province's officer sees nothing and cannot register in Vinh
    assert not selectors.administrative_list_for_user(staff.officer_ha_tinh).exists()
    with pytest.raises(NotFound):
        selectors.administrative_get_for_user(staff.officer_ha_tinh, case.pk)
    with pytest.raises(ValidationFailed) as caught:
        services.administrative_open(
            actor=staff.officer_ha_tinh, place=world.vinh, data=data(number="13/2026/HC-ST")
        )
    assert set(caught.value.fields) == {"place"}
    # a ministry specialist reads but does not register
    assert selectors.administrative_get_for_user(staff.ministry, case.pk).case_id == case.pk
    with pytest.raises(AccessDenied):
        services.administrative_open(
            actor=staff.ministry, place=world.vinh, data=data(number="14/2026/HC-ST")
        )
    # and the civil register does not show it
    assert not case_selectors.case_list_for_user(staff.officer).exists()


# -- page and API --------------------------------------------------------------------------------


def test_the_page_lists_and_registers(
    world: Any, staff: Staff, client: Client, time_machine: Any
) -> None:
    case = register(world, staff, time_machine)
    client.force_login(staff.officer)
    html = client.get("/en/enforcement/administrative/").content.decode()
    assert "12/2026/HC-ST" in html
    assert f'href="/en/cases/{case.pk}/"' in html
    detail = client.get(f"/en/cases/{case.pk}/").content.decode()
    assert "Registered (officer following up)" in detail
    assert "Send the notice to comply" in detail
    response = client.post(
        "/en/enforcement/administrative/new/",
        {
            "place": world.vinh.pk,
            "court_name": "Tòa án nhân dân tỉnh Nghệ An",
            "number": "20/2026/HC-ST",
            "issued_on": "2026-03-01",
            "effective_on": "2026-04-01",
            "received_on": "2026-05-29",
            "body_name": "Sở Xây dựng tỉnh Nghệ An",
            "obligation": "Cấp phép xây dựng",
        },
    )
    new = AdministrativeJudgment.objects.get(number="20/2026/HC-ST")
    assert (response.status_code, response["Location"]) == (302, f"/en/cases/{new.case_id}/")
    client.force_login(staff.officer_ha_tinh)
    assert "12/2026/HC-ST" not in client.get("/en/enforcement/administrative/").content.decode()


def test_the_api_opens_reads_and_steps(world: Any, staff: Staff, time_machine: Any) -> None:
    time_machine.move_to(at("2026-06-02 09:00"), tick=False)
    payload = {
        "place": world.vinh.pk,
        "court_name": "Tòa án nhân dân tỉnh Nghệ An",
        "number": "30/2026/HC-ST",
        "issued_on": "2026-03-01",
        "effective_on": "2026-04-01",
        "received_on": "2026-06-01",
        "body_name": "Ủy ban nhân dân tỉnh Nghệ An",
        "obligation": "Giải quyết khiếu nại theo bản án",
    }
    opened = api_as(staff.officer).post(
        "/api/v1/enforcement/administrative", payload, format="json"
    )
    assert opened.status_code == 201, opened.json()
    body = opened.json()
    assert (body["number"], body["case"]["state"], body["compulsion_date"]) == (
        "30/2026/HC-ST",
        "registered",
        None,
    )
    case_id = body["case"]["id"]
    stepped = api_as(staff.officer).post(
        f"/api/v1/enforcement/administrative/{case_id}/steps",
        {"transition": "record_compulsion", "decided_on": "2026-06-02"},
        format="json",
    )
    assert stepped.status_code == 400
    assert list(stepped.json()["error"]["fields"]) == ["compulsion_number"]
    other = api_as(staff.officer_ha_tinh).get(f"/api/v1/enforcement/administrative/{case_id}")
    assert other.status_code == 404
    duplicate = api_as(staff.officer).post(
        "/api/v1/enforcement/administrative", payload, format="json"
    )
    assert (duplicate.status_code, list(duplicate.json()["error"]["fields"])) == (400, ["number"])


# -- figures -------------------------------------------------------------------------------------


def facts(
    case_id: int,
    received: datetime.date,
    exit_state: str | None = None,
    exit_date: datetime.date | None = None,
    compelled: tuple[datetime.date, ...] = (),
) -> thahc.JudgmentFacts:
    return thahc.JudgmentFacts(case_id, 10, 1, received, exit_state, exit_date, compelled)


def test_the_figures_of_a_window_keep_an_other_bucket() -> None:
    # given the THADS year 1 Oct 2025 – 30 Sep 2026 and six judgments
    register_ = [
        facts(1, D(2025, 3, 1)),  # carried in, still followed up
        facts(2, D(2025, 5, 1), administrative.COMPLETED, D(2025, 12, 1)),  # carried in, done
        facts(3, D(2025, 11, 1), administrative.CLOSED_OTHER, D(2026, 2, 1)),  # other outcome
        facts(4, D(2026, 1, 5), compelled=(D(2026, 3, 2), D(2025, 9, 1))),  # compelled inside
        facts(5, D(2025, 1, 1), administrative.COMPLETED, D(2025, 9, 30)),  # done before
        facts(6, D(2026, 10, 1)),  # after the window
    ]
    # when the figures are computed
    values = thahc.totals(thahc.compute(register_, D(2025, 10, 1), D(2026, 9, 30)))
    # then
    assert values == {
        "carried_in": 2,
        "received": 2,
        "accepted": 4,
        "completed": 1,
        "other": 1,
        "not_completed": 2,
        "compelled": 1,
    }
    assert values["accepted"] == values["completed"] + values["other"] + values["not_completed"]


def test_the_rollups_reconcile_on_a_registered_year(
    world: Any, staff: Staff, time_machine: Any
) -> None:
    # given four judgments followed up through the services in THADS year 2026
    time_machine.move_to(at("2026-11-20 09:00"), tick=False)
    outcomes = [
        ("1/2025/HC-ST", D(2025, 9, 15), [("notify", D(2025, 9, 20))]),
        ("2/2025/HC-ST", D(2025, 11, 3), [("notify", D(2025, 11, 5)), ("complete", D(2026, 2, 2))]),
        (
            "3/2026/HC-ST",
            D(2026, 2, 2),
            [
                ("notify", D(2026, 2, 3)),
                ("record_compulsion", D(2026, 4, 1)),
                ("close_other", D(2026, 5, 4)),
            ],
        ),
        ("4/2026/HC-ST", D(2026, 8, 3), []),
    ]
    for number, received, steps in outcomes:
        detail = services.administrative_open(
            actor=staff.head,
            place=world.vinh if received >= D(2025, 7, 1) else world.vinh_old,
            data=data(
                number=number,
                issued_on=D(2025, 6, 1),
                effective_on=D(2025, 7, 1),
                received_on=received,
            ),
        )
        for name, day in steps:
            step(staff.head, detail.case, name, day, compulsion_number="9/QĐ-BTHA")
    codes = [
        indicator.code for indicator in indicators.INDICATORS if indicator.code.startswith("thahc.")
    ]
    statistics_services.rollup_refresh(
        actor=None, indicators=codes, first_month=D(2025, 9, 1), last_month=D(2026, 9, 1)
    )

    # when the THADS year 2026 report is built
    report = reports.build(
        registry, reports.ReportQuery(indicators=tuple(codes), period=parse("THADS2026"))
    )

    # then the identities hold and the figures are those of the register
    assert report.failures == []
    values = {row["indicator"]: row["value"] for row in report.rows}
    assert values == {
        "thahc.cases.carried_in": 1,
        "thahc.cases.received": 3,
        "thahc.cases.accepted": 4,
        "thahc.cases.completed": 1,
        "thahc.cases.other": 1,
        "thahc.cases.not_completed": 2,
        "thahc.cases.compelled": 1,
    }
    assert {identity.code for identity in registry.identities_for(codes)} >= {
        "thahc.cases.balance",
        "thahc.cases.accepted",
        "thahc.cases.outcomes",
    }
