"""Inspections: the plan and its amendment, an inspection from its decision through the on-site
work, the report and the conclusion to the close of its follow-up with the limits on real dates,
recommendations followed up, the §7.2 checks of sampled sanctioning decisions (each finding
naming its article), post-inspection audits; pages, tracker, jurisdiction."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.core.deadlines import ExtensionLimitReached
from tuphap.core.errors import NotFound, ValidationFailed
from tuphap.oversight.inspections import rules, selectors, services
from tuphap.oversight.inspections import workflow as inspections
from tuphap.oversight.inspections.models import Inspection, Recommendation
from tuphap.oversight.tests.conftest import Inspectorates

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date
NOW = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def due_day(inspection: Inspection) -> datetime.date:
    case = Case.objects.get(pk=inspection.case_id)
    assert case.due_at is not None
    return case_deadlines.local_date(case.due_at)


def plan_of(people: Inspectorates) -> Any:
    return services.plan_approve(
        actor=people.inspector,
        year=2026,
        approval_number="01/QĐ-STP",
        approved_on=D(2025, 12, 20),
        items=[
            services.ItemData("Phòng Công chứng số 1 tỉnh Nghệ An", quarter=1),
            services.ItemData("Công ty đấu giá hợp danh Vinh", quarter=2),
            services.ItemData("UBND phường Trường Vinh (hộ tịch)", rules.Form.CHECK, quarter=3),
        ],
    )


def data(**changes: Any) -> services.InspectionData:
    values: dict[str, Any] = {
        "kind": rules.Kind.UNANNOUNCED,
        "form": rules.Form.INSPECTION,
        "title": "Thanh tra việc chấp hành pháp luật về công chứng",
        "decision_number": "12/QĐ-STP",
        "decision_date": D(2026, 2, 10),
        "issuer": "Giám đốc Sở Tư pháp tỉnh Nghệ An",
        "scope": "Hoạt động công chứng năm 2025",
        "period_from": D(2025, 1, 1),
        "period_to": D(2025, 12, 31),
        "subjects": [("Phòng Công chứng số 1 tỉnh Nghệ An", rules.SubjectKind.NOTARY)],
        "team": [
            services.MemberData("Nguyễn Văn Trưởng Đoàn", rules.MemberRole.HEAD),
            services.MemberData("Lê Thị Thành Viên"),
        ],
    }
    values.update(changes)
    return services.InspectionData(**values)


def go(people: Inspectorates, inspection: Inspection, name: str, on: Any, **kw: Any) -> Inspection:
    return services.inspection_step(
        actor=people.inspector,
        case=Case.objects.get(pk=inspection.case_id),
        transition=name,
        on=on,
        **kw,
    )


def concluded(people: Inspectorates, **changes: Any) -> Inspection:
    inspection = services.inspection_open(actor=people.inspector, data=data(**changes))
    go(people, inspection, "start_on_site", D(2026, 2, 24))
    go(people, inspection, "end_on_site", D(2026, 4, 3))
    go(people, inspection, "report", D(2026, 4, 15))
    return go(people, inspection, "conclude", D(2026, 5, 8), number="05/KL-STP", summary="Kết luận")


def test_an_inspection_runs_its_limits_to_the_conclusion(
    world: Any, inspectorates: Inspectorates
) -> None:
    plan = plan_of(inspectorates)
    item = plan.items.first()
    inspection = services.inspection_open(
        actor=inspectorates.inspector, data=data(kind=rules.Kind.PLANNED, plan_item_id=item.pk)
    )
    case = Case.objects.get(pk=inspection.case_id)
    assert case.register == inspections.REGISTER
    assert case.place_id == world.nghe_an.pk
    # Decided Tuesday 10 Feb 2026: announced and started within 15 days → Wednesday 25 Feb.
    assert due_day(inspection) == D(2026, 2, 25)
    go(inspectorates, inspection, "start_on_site", D(2026, 2, 24))
    # 45 days on site from 24 Feb → Friday 10 Apr.
    assert due_day(inspection) == D(2026, 4, 10)
    go(inspectorates, inspection, "end_on_site", D(2026, 4, 3))
    # The team's report within 15 days of 3 Apr: Saturday 18 Apr → Monday 20 Apr.
    assert due_day(inspection) == D(2026, 4, 20)
    go(inspectorates, inspection, "report", D(2026, 4, 15))
    # The conclusion within 30 days of the report: Friday 15 May.
    assert due_day(inspection) == D(2026, 5, 15)
    with pytest.raises(ValidationFailed) as refused:
        go(inspectorates, inspection, "conclude", D(2026, 5, 8))
    assert "number" in refused.value.fields
    done = go(inspectorates, inspection, "conclude", D(2026, 5, 8), number="05/KL-STP")
    assert done.conclusion_number == "05/KL-STP"
    assert Case.objects.get(pk=inspection.case_id).due_at is None


def test_the_on_site_work_is_extended_once(world: Any, inspectorates: Inspectorates) -> None:
    inspection = services.inspection_open(
        actor=inspectorates.inspector, data=data(decision_date=D(2026, 10, 26))
    )
    go(inspectorates, inspection, "start_on_site", D(2026, 11, 2))
    assert due_day(inspection) == D(2026, 12, 17)  # 45 days
    services.inspection_extend(
        actor=inspectorates.inspector,
        case=Case.objects.get(pk=inspection.case_id),
        reason="Nội dung phức tạp",
    )
    # Once 30 more: Saturday 16 Jan 2027 → Monday 18 Jan.
    assert due_day(inspection) == D(2027, 1, 18)
    with pytest.raises(ExtensionLimitReached):
        services.inspection_extend(
            actor=inspectorates.inspector,
            case=Case.objects.get(pk=inspection.case_id),
            reason="Lần hai",
        )


def test_the_limits_are_configurable(settings: Any) -> None:
    settings.OVERSIGHT_INSPECTION_LIMITS = {"on_site": 30}
    assert rules.limits()["on_site"] == 30
    assert rules.limits()["report"] == rules.DEFAULT_LIMITS["report"]


def test_a_bad_inspection_names_each_field(world: Any, inspectorates: Inspectorates) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.inspection_open(
            actor=inspectorates.inspector,
            data=data(
                kind=rules.Kind.PLANNED,
                inter_sectoral=True,
                team=[services.MemberData("Một Người")],
                period_to=D(2024, 12, 31),
                decision_date=D(2026, 12, 9),
            ),
        )
    assert {"plan_item", "team", "period_to", "decision_date"} <= set(refused.value.fields)
    with pytest.raises(ValidationFailed) as audit:
        services.inspection_open(
            actor=inspectorates.inspector, data=data(kind=rules.Kind.POST_AUDIT)
        )
    assert "audited" in audit.value.fields
    assert not Inspection.objects.exists()


def test_recommendations_are_followed_up_and_the_follow_up_closes_when_all_are_done(
    world: Any, inspectorates: Inspectorates
) -> None:
    inspection = concluded(inspectorates)
    case = Case.objects.get(pk=inspection.case_id)
    money = services.recommendation_add(
        actor=inspectorates.inspector,
        case=case,
        kind="money",
        text="Thu hồi phí công chứng thu sai",
        amount=35_500_000,
        due_on=D(2026, 8, 8),
    )
    rule = services.recommendation_add(
        actor=inspectorates.inspector,
        case=case,
        kind="rule",
        text="Sửa quy chế nội bộ",
        due_on=D(2027, 1, 31),
    )
    with pytest.raises(ValidationFailed):
        services.recommendation_add(
            actor=inspectorates.inspector, case=case, kind="money", text="x", due_on=D(2026, 9, 1)
        )
    # Overdue first: the money was due 8 Aug.
    rows = selectors.tracker(inspectorates.inspector)
    assert [(row.recommendation.pk, row.overdue) for row in rows] == [
        (money.pk, True),
        (rule.pk, False),
    ]
    with pytest.raises(ValidationFailed) as still_open:
        go(inspectorates, inspection, "close", D(2026, 12, 1))
    assert "on" in still_open.value.fields
    with pytest.raises(ValidationFailed) as too_much:
        services.recommendation_follow_up(
            actor=inspectorates.inspector,
            recommendation_id=money.pk,
            status="implemented",
            on=D(2026, 9, 1),
            recovered=40_000_000,
        )
    assert "recovered" in too_much.value.fields
    services.recommendation_follow_up(
        actor=inspectorates.inspector,
        recommendation_id=money.pk,
        status="implemented",
        on=D(2026, 9, 1),
        recovered=35_500_000,
    )
    services.recommendation_follow_up(
        actor=inspectorates.inspector,
        recommendation_id=rule.pk,
        status="closed",
        on=D(2026, 10, 1),
        note="Quy chế đã bị thay thế",
    )
    go(inspectorates, inspection, "close", D(2026, 12, 1))
    assert Case.objects.get(pk=inspection.case_id).state == inspections.CLOSED
    assert Recommendation.objects.get(pk=money.pk).recovered == 35_500_000


def test_a_post_inspection_audit_names_the_conclusion(
    world: Any, inspectorates: Inspectorates
) -> None:
    first = concluded(inspectorates)
    audit = services.inspection_open(
        actor=inspectorates.inspector,
        data=data(kind=rules.Kind.POST_AUDIT, audited_id=first.pk, decision_date=D(2026, 11, 2)),
    )
    assert audit.audited_id == first.pk
    assert list(first.audits.all()) == [audit]


# -- §7.2 ----------------------------------------------------------------------------------------


def test_the_checks_of_a_sanctioning_decision_name_their_articles() -> None:
    clean = rules.Sample(
        violation_on=D(2025, 3, 1),
        record_on=D(2025, 3, 1),
        decision_on=D(2025, 3, 8),  # 7 days
        complied_on=D(2025, 3, 18),  # 10 days
    )
    assert rules.check(clean, today=D(2026, 12, 8)) == []
    late = rules.Sample(
        violation_on=D(2024, 3, 1),
        record_on=D(2025, 3, 1),
        decision_on=D(2025, 3, 9),  # 8 days
        complied_on=D(2025, 3, 20),
    )
    found = {f.kind: f.article for f in rules.check(late, today=D(2026, 12, 8))}
    assert found == {
        "late_decision": "Luật XLVPHC 2012 (sửa đổi 2020) Art. 66(1)",
        "time_barred": "Luật XLVPHC 2012 (sửa đổi 2020) Art. 6(1)",
        "late_compliance": "Luật XLVPHC 2012 Art. 73(1)",
    }
    # A two-year field keeps the sanction in time; the explanation case has 10 days.
    long = rules.Sample(
        violation_on=D(2024, 3, 1),
        record_on=D(2025, 3, 1),
        decision_on=D(2025, 3, 9),
        case=rules.DecisionCase.EXPLANATION,
        long_statute=True,
        complied_on=D(2025, 3, 19),
    )
    assert rules.check(long, today=D(2026, 12, 8)) == []
    never = rules.Sample(
        violation_on=D(2025, 1, 2), record_on=D(2025, 1, 2), decision_on=D(2025, 1, 5)
    )
    assert [f.kind for f in rules.check(never, today=D(2026, 1, 6))] == ["not_executed"]
    assert rules.check(never, today=D(2026, 1, 5)) == []


def test_an_inter_sectoral_inspection_samples_decisions_and_summarises_findings(
    world: Any, inspectorates: Inspectorates
) -> None:
    team = [
        services.MemberData("Trưởng đoàn Sở Tư pháp", "head", "Sở Tư pháp"),
        services.MemberData("Thành viên Công an", "member", "Công an tỉnh Nghệ An"),
    ]
    inspection = services.inspection_open(
        actor=inspectorates.inspector,
        data=data(inter_sectoral=True, violations_law=True, team=team, title="Liên ngành XLVPHC"),
    )
    case = Case.objects.get(pk=inspection.case_id)
    with pytest.raises(ValidationFailed):  # not yet on site
        services.sample_add(
            actor=inspectorates.inspector,
            case=case,
            data=services.SampleData("1/QĐ-XPHC", D(2025, 3, 1), D(2025, 3, 1), D(2025, 3, 8)),
        )
    go(inspectorates, inspection, "start_on_site", D(2026, 2, 24))
    case = Case.objects.get(pk=inspection.case_id)
    for number, decided, complied in (
        ("1/QĐ-XPHC", D(2025, 3, 8), D(2025, 3, 18)),
        ("2/QĐ-XPHC", D(2025, 3, 12), D(2025, 3, 30)),
        ("3/QĐ-XPHC", D(2025, 3, 10), D(2025, 3, 15)),
    ):
        services.sample_add(
            actor=inspectorates.inspector,
            case=case,
            data=services.SampleData(
                number, D(2025, 3, 1), D(2025, 3, 1), decided, complied_on=complied
            ),
        )
    assert services.findings_by_kind(inspection) == {"late_decision": 2, "late_compliance": 1}
    go(inspectorates, inspection, "end_on_site", D(2026, 4, 3))
    go(inspectorates, inspection, "report", D(2026, 4, 15))
    done = go(inspectorates, inspection, "conclude", D(2026, 5, 8), number="9/KL-LN")
    assert "Decision after its time limit from the record: 2" in done.conclusion_summary
    assert "Decision complied with after 10 days: 1" in done.conclusion_summary


# -- pages ---------------------------------------------------------------------------------------


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_plan_page_shows_the_plan_against_what_was_done(
    world: Any, inspectorates: Inspectorates
) -> None:
    plan = plan_of(inspectorates)
    item = plan.items.first()
    inspection = services.inspection_open(
        actor=inspectorates.inspector, data=data(kind=rules.Kind.PLANNED, plan_item_id=item.pk)
    )
    services.inspection_open(actor=inspectorates.inspector, data=data(decision_number="13/QĐ-STP"))
    services.plan_amend(
        actor=inspectorates.inspector,
        plan=plan,
        amendment_number="02/QĐ-STP",
        amended_on=D(2026, 6, 1),
        add=[services.ItemData("Văn phòng Luật sư An Bình", quarter=4)],
        drop=[plan.items.order_by("id")[1].pk],
    )
    with pytest.raises(ValidationFailed):  # already inspected
        services.plan_amend(
            actor=inspectorates.inspector,
            plan=plan,
            amendment_number="03/QĐ-STP",
            amended_on=D(2026, 7, 1),
            drop=[item.pk],
        )
    response = client_for(world.users["provincial_specialist"]).get(
        reverse("oversight:inspection_plan"), {"year": "2026"}
    )
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert (row.planned, row.started, row.concluded, row.outside) == (3, 1, 0, 1)
    assert inspection.decision_number in response.content.decode()
    assert (
        client_for(inspectorates.inspector_ha_tinh)
        .get(reverse("oversight:inspection_plan"), {"year": "2026"})
        .context["rows"]
        == []
    )


def test_an_inspection_is_worked_on_its_page_and_hidden_from_another_province(
    world: Any, inspectorates: Inspectorates
) -> None:
    inspection = services.inspection_open(actor=inspectorates.inspector, data=data())
    url = reverse("oversight:inspection", args=[inspection.case_id])
    client = client_for(inspectorates.inspector)
    assert 'data-testid="step-form"' in client.get(url).content.decode()
    step = client.post(
        reverse("oversight:inspection_step", args=[inspection.case_id]),
        {"transition": "start_on_site", "on": "2026-02-24"},
    )
    assert step.status_code == 302
    assert Case.objects.get(pk=inspection.case_id).state == inspections.ON_SITE
    assert client_for(inspectorates.inspector_ha_tinh).get(url).status_code == 404
    assert client_for(world.users["civil_status_officer"]).get(url).status_code == 403
    page = client_for(inspectorates.leader_nghe_an).get(url)
    assert page.status_code == 200
    assert 'data-testid="step-form"' not in page.content.decode()
    with pytest.raises(NotFound):
        services.inspection_step(
            actor=inspectorates.inspector_ha_tinh,
            case=Case.objects.get(pk=inspection.case_id),
            transition="end_on_site",
            on=D(2026, 3, 1),
        )
    tracker = client_for(inspectorates.inspector).get(
        reverse("oversight:inspection_recommendations")
    )
    assert tracker.status_code == 200


def test_the_figures_count_by_kind_and_balance(world: Any, inspectorates: Inspectorates) -> None:
    from tuphap.oversight.inspections import figures, indicators

    first = concluded(
        inspectorates,
        violations_law=True,
        inter_sectoral=True,
        team=[
            services.MemberData("Trưởng đoàn", "head", "Sở Tư pháp"),
        ],
    )
    services.inspection_open(actor=inspectorates.inspector, data=data(kind=rules.Kind.SIGNS))
    services.recommendation_add(
        actor=inspectorates.inspector,
        case=Case.objects.get(pk=first.case_id),
        kind="money",
        text="Thu hồi",
        amount=10_000_000,
        due_on=D(2026, 9, 1),
    )
    rec = services.recommendation_add(
        actor=inspectorates.inspector,
        case=Case.objects.get(pk=first.case_id),
        kind="discipline",
        text="Kiểm điểm",
        due_on=D(2026, 9, 1),
    )
    services.recommendation_follow_up(
        actor=inspectorates.inspector,
        recommendation_id=rec.pk,
        status="implemented",
        on=D(2026, 8, 1),
    )
    year = figures.totals(
        figures.compute(figures.load(until=D(2026, 12, 8)), D(2026, 1, 1), D(2026, 12, 8))
    )
    assert year["decided"] == 2 == year["kind.unannounced"] + year["kind.signs"]
    assert year["inter_sectoral"] == 1
    assert year["concluded"] == 1
    assert (
        year["recommendations"]
        == 2
        == year["recommendation.money"] + year["recommendation.discipline"]
    )
    assert year["money_recommended"] == 10_000_000
    assert year["implemented"] == 1
    codes = {i.code for i in indicators.INDICATORS}
    assert {
        "oversight.inspections.kind.post_audit",
        "oversight.inspections.money_recovered",
    } <= codes


def test_the_generator_and_the_demo_play_inspections_through_the_services(
    world: Any, inspectorates: Inspectorates
) -> None:
    from tuphap.oversight.inspections import demo, generate

    ticks: list[int] = []
    result = generate.generate(
        count=12,
        seed=5,
        actor=inspectorates.inspector,
        progress=ticks.append,
        first_day=D(2025, 11, 1),
    )
    assert result.inspections == 12 == len(ticks)
    assert Inspection.objects.count() == 12
    assert sum(result.states.values()) == 12
    assert len(result.states) >= 3
    inspectorates.inspector.username = demo.DEMO_INSPECTOR
    inspectorates.inspector.save(update_fields=["username"])
    lines: list[str] = []

    class Out:
        def write(self, msg: str = "", /) -> None:
            lines.append(msg)

    demo.inspections_year(Out(), False)
    assert Inspection.objects.count() == 12  # the register has data: the step does nothing
    assert lines == []


def test_exactly_so_many_inspections_of_a_year_with_so_many_inter_sectoral(
    world: Any, inspectorates: Inspectorates
) -> None:
    from tuphap.oversight.inspections import figures, generate

    # when 7 inspections of 2022 are played, 3 of them inter-sectoral (the older rules)
    written = generate.generate_exact(
        actor=inspectorates.inspector, year=2022, count=7, inter_sectoral=3, seed=2
    )

    # then the year's figures are exactly those
    facts = figures.load(until=D(2022, 12, 31))
    totals: dict[str, int] = {}
    for values in figures.compute(facts, D(2022, 1, 1), D(2022, 12, 31)).values():
        for name, value in values.items():
            totals[name] = totals.get(name, 0) + value
    assert (written, totals["decided"], totals["inter_sectoral"]) == (7, 7, 3)
    assert Inspection.objects.filter(decision_date__year=2022).count() == 7
