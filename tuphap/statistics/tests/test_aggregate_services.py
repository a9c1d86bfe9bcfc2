"""Aggregate forms: cells with history, the rules, the workflow up the hierarchy, locking,
and the approved values as rollup facts read by the report engine like any indicator."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from tuphap.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.core.periods import parse
from tuphap.statistics import reports
from tuphap.statistics import selectors as report_selectors
from tuphap.statistics.aggregate import facts, selectors, services
from tuphap.statistics.aggregate.models import (
    AggregateValue,
    DataElement,
    FormReport,
    ValidationRule,
    ValueChange,
)
from tuphap.statistics.aggregate.testing import GOOD, people, sample_data_set
from tuphap.statistics.models import Rollup, RollupCoverage
from tuphap.statistics.registry import registry

pytestmark = pytest.mark.django_db
VN = datetime.timezone(datetime.timedelta(hours=7))
JULY_5 = datetime.datetime(2026, 7, 5, 9, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def july() -> Any:
    with time_machine.travel(JULY_5, tick=False):
        yield


@pytest.fixture
def setup(world: Any) -> Any:
    data_set = sample_data_set()
    facts.provider.invalidate()
    team = people(world)
    report = services.report_open(actor=team.officer, data_set=data_set, period="2026H1")
    return data_set, team, report


def test_opening_a_form_places_it_and_sets_its_deadline(world: Any, setup: Any) -> None:
    data_set, team, report = setup
    assert report.place == world.vinh
    assert (report.period_start, report.period_end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 30),
    )
    # 30 June + 10 days = Friday 10 July 2026, a working day
    assert report.deadline == datetime.date(2026, 7, 10)
    again = services.report_open(actor=team.officer, data_set=data_set, period="2026H1")
    assert again.pk == report.pk
    with pytest.raises(ValidationFailed) as bad:
        services.report_open(actor=team.officer, data_set=data_set, period="2026Q1")
    assert "period" in bad.value.fields
    with pytest.raises(AccessDenied):
        services.report_open(actor=team.approver, data_set=data_set, period="2026H1")


def test_cells_keep_their_history_and_bad_cells_are_named(setup: Any) -> None:
    _data_set, team, report = setup
    services.values_save(actor=team.officer, report=report, cells={"done": "7"})
    services.values_save(actor=team.officer, report=report, cells={"done": "8"})
    services.values_save(actor=team.officer, report=report, cells={"done": ""})
    history = list(
        ValueChange.objects.filter(report=report).order_by("id").values_list("old", "new")
    )
    assert history == [(None, 7), (7, 8), (8, None)]
    assert not AggregateValue.objects.filter(report=report).exists()
    assert AuditEvent.objects.filter(action="statistics.form.values_saved").count() == 3
    with pytest.raises(ValidationFailed) as bad:
        services.values_save(
            actor=team.officer,
            report=report,
            cells={
                "done": "abc",
                "received": "3",
                "received.male": "-1",
                "nope": "1",
                "carried_in": "4",
            },
        )
    assert set(bad.value.fields) == {"done", "received", "received.male", "nope"}
    # all or nothing: the good cell of the refused save was not written
    assert not AggregateValue.objects.filter(report=report).exists()


def test_rules_errors_block_submission_warnings_do_not(world: Any, setup: Any) -> None:
    data_set, team, report = setup
    cells = dict(GOOD, done=9)  # 2 + 8 ≠ 9 + 3, and 9 > 2 + 8? no: 9 ≤ 10
    result = services.values_save(actor=team.officer, report=report, cells=cells)
    assert [f.rule for f in result.findings] == ["flow"]
    with pytest.raises(ValidationFailed) as refused:
        services.report_submit(actor=team.officer, report=report)
    assert "flow" in refused.value.fields
    assert "10 ≠ 12" in refused.value.fields["flow"][0]
    # last year's form had 4 received: 8 is a 100 % jump, a warning that does not block
    last_year = FormReport.objects.create(
        data_set=data_set,
        agency=report.agency,
        place=report.place,
        period="2025H1",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        deadline=datetime.date(2025, 7, 10),
    )
    services_cells = {"received.male": 2, "received.female": 2}
    AggregateValue.objects.bulk_create(
        AggregateValue(report=last_year, element=e, option=o, value=2, updated_at=JULY_5)
        for e in data_set.elements.filter(code="received")
        for o in e.combo.options.all()
    )
    assert services_cells
    services.values_save(actor=team.officer, report=report, cells={"done": 7})
    warnings = services.report_submit(actor=team.officer, report=report)
    assert [f.rule for f in warnings] == ["received_jump"]
    report.refresh_from_db()
    assert report.status == "submitted"
    assert not report.late


def test_the_province_returns_then_approves_the_ministry_accepts_and_values_lock(
    world: Any, setup: Any
) -> None:
    _data_set, team, report = setup
    services.values_save(actor=team.officer, report=report, cells=GOOD)
    services.report_submit(actor=team.officer, report=report)
    with pytest.raises(Conflict):
        services.values_save(actor=team.officer, report=report, cells={"done": 1})
    with pytest.raises(AccessDenied):  # Hà Tĩnh's approver is not the level above Vinh
        services.report_approve(actor=team.other_approver, report=report)
    with pytest.raises(ValidationFailed) as no_comment:
        services.report_return(actor=team.approver, report=report, comment=" ")
    assert "comment" in no_comment.value.fields
    services.report_return(actor=team.approver, report=report, comment="Kiểm tra lại số nữ")
    report.refresh_from_db()
    assert (report.status, report.comment) == ("returned", "Kiểm tra lại số nữ")
    services.values_save(actor=team.officer, report=report, cells={"received.female": 3})
    services.report_submit(actor=team.officer, report=report)
    with pytest.raises(Conflict):
        services.report_accept(actor=team.ministry, report=report)  # not approved yet
    services.report_approve(actor=team.approver, report=report)
    report.refresh_from_db()
    assert report.status == "approved"
    with pytest.raises(Conflict):
        services.values_save(actor=team.officer, report=report, cells={"done": 1})
    services.report_accept(actor=team.ministry, report=report)
    with pytest.raises(AccessDenied):  # accepted: only the ministry unlocks
        services.report_unlock(actor=team.approver, report=report, reason="Sai số")
    services.report_unlock(actor=team.ministry, report=report, reason="Sai số nam")
    report.refresh_from_db()
    assert report.status == "returned"
    actions = list(
        AuditEvent.objects.filter(object_id=str(report.pk), action__startswith="statistics.form.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-4:] == [
        "statistics.form.submit",
        "statistics.form.approve",
        "statistics.form.accept",
        "statistics.form.unlock",
    ]


def test_approved_values_are_facts_on_the_report_like_any_indicator(world: Any, setup: Any) -> None:
    _data_set, team, report = setup
    services.values_save(actor=team.officer, report=report, cells=GOOD)
    services.report_submit(actor=team.officer, report=report)
    received = "form.sample.received"
    assert received in registry
    assert "form.sample.received.female" in registry
    assert not Rollup.objects.filter(indicator__startswith="form.").exists()  # submitted only
    services.report_approve(actor=team.approver, report=report)
    rows = dict(
        Rollup.objects.filter(indicator__startswith="form.sample.").values_list(
            "indicator", "value"
        )
    )
    assert rows == {
        "form.sample.carried_in": 2,
        "form.sample.received": 8,
        "form.sample.received.male": 5,
        "form.sample.received.female": 3,
        "form.sample.done": 7,
        "form.sample.carried_forward": 3,
    }
    assert Rollup.objects.get(indicator="form.sample.carried_in").month == datetime.date(2026, 1, 1)
    assert Rollup.objects.get(indicator="form.sample.done").month == datetime.date(2026, 6, 1)
    query = report_selectors.report_query_parse(
        indicators=[received, "form.sample.carried_forward", "system.audit.actions"],
        period="2026H1",
        level=reports.PROVINCE,
        place=None,
        boundaries="new",
    )
    result = report_selectors.report_national(query)
    by_code = {row["indicator"]: row["value"] for row in result.rows if row["place"] == "40"}
    assert by_code[received] == 8
    assert by_code["form.sample.carried_forward"] == 3
    assert not result.failures  # the flow identity holds on the report too
    # the full refresh recomputes the same rows from the same source
    from tuphap.statistics import services as statistics_services

    before = sorted(
        Rollup.objects.filter(indicator__startswith="form.").values_list(
            "indicator", "month", "place", "agency", "value"
        )
    )
    statistics_services.rollup_refresh(
        actor=None,
        indicators=[i.code for i in registry.stored() if i.code.startswith("form.")],
        first_month=datetime.date(2026, 1, 1),
        last_month=datetime.date(2026, 6, 1),
    )
    after = sorted(
        Rollup.objects.filter(indicator__startswith="form.").values_list(
            "indicator", "month", "place", "agency", "value"
        )
    )
    assert before == after
    june = datetime.date(2026, 6, 1)
    assert RollupCoverage.objects.get(indicator="form.sample.done", month=june).rows == 1
    services.report_unlock(actor=team.approver, report=report, reason="Sửa lại")
    assert not Rollup.objects.filter(indicator__startswith="form.").exists()
    assert RollupCoverage.objects.get(indicator="form.sample.done", month=june).rows == 0


def test_an_element_added_in_the_admin_is_an_indicator_at_once(setup: Any) -> None:
    data_set, _team, _report = setup
    assert "form.sample.refused" not in registry
    DataElement.objects.create(data_set=data_set, code="refused", name="Từ chối", order=9)
    assert "form.sample.refused" in registry
    assert any(i.code == "form.sample.flow" for i in registry.identities_for(["form.sample.done"]))


def test_the_admin_refuses_a_rule_naming_what_the_form_lacks(setup: Any) -> None:
    from tuphap.statistics.aggregate.admin import RuleForm

    data_set, _team, _report = setup
    form = RuleForm(
        data={
            "code": "bad",
            "kind": "equal",
            "left": "done",
            "right": "received.child + x+",
            "message": "m",
        },
        instance=ValidationRule(data_set=data_set),
    )
    assert not form.is_valid()
    assert "right" in form.errors
    jump = RuleForm(
        data={"code": "j", "kind": "jump", "left": "done", "right": "", "message": "m"},
        instance=ValidationRule(data_set=data_set),
    )
    assert not jump.is_valid()
    assert "threshold" in jump.errors


def test_a_user_sees_only_their_units(world: Any, setup: Any) -> None:
    _data_set, team, report = setup
    assert selectors.report_get_for_user(team.approver, report.pk) == report
    with pytest.raises(NotFound):
        selectors.report_get_for_user(team.other_approver, report.pk)
    with pytest.raises(NotFound):
        selectors.report_get_for_user(world.users["provincial_specialist_ha_tinh"], report.pk)
    assert list(selectors.report_list_for_user(team.other_approver)) == []
    assert list(selectors.report_list_for_user(team.ministry)) == [report]


def test_completeness_names_who_has_not_reported_and_who_was_late(world: Any, setup: Any) -> None:
    from tuphap.accounts.models import AgencyKind, AgencyLevel
    from tuphap.accounts.tests import factories
    from tuphap.places.tests import factories as places

    data_set, team, report = setup
    other = places.commune("16682", "Xã Hưng Lộc", world.nghe_an)
    factories.agency(
        "UBND-16682",
        "UBND xã Hưng Lộc",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        level=AgencyLevel.COMMUNE,
        units=[other],
        parent=world.doj_nghe_an,
    )
    services.values_save(actor=team.officer, report=report, cells=GOOD)
    with time_machine.travel(datetime.datetime(2026, 7, 20, 9, 0, tzinfo=VN), tick=False):
        services.report_submit(actor=team.officer, report=report)
        table = selectors.completeness_for_user(team.approver, data_set, parse("2026H1"))
        assert table.expected == 2
        assert table.reported == 1
        assert table.on_time == 0
        assert [row.agency.code for row in table.missing] == ["UBND-16682"]
        assert table.rows[0].late
        assert table.rows[1].late
    hatinh = selectors.completeness_for_user(team.other_approver, data_set, parse("2026H1"))
    assert hatinh.expected == 0


def test_the_report_command_prints_form_figures_beside_register_ones(setup: Any) -> None:
    import io
    import json

    from django.core.management import call_command

    _data_set, team, report = setup
    services.values_save(actor=team.officer, report=report, cells=GOOD)
    services.report_submit(actor=team.officer, report=report)
    services.report_approve(actor=team.approver, report=report)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "report",
        indicators="form.sample.received.female,form.sample.done,system.audit.actions",
        period="2026H1",
        level="nation",
        format="json",
        stdout=out,
        stderr=err,
    )
    rows = {row["indicator"]: row["value"] for row in json.loads(out.getvalue())["rows"]}
    assert rows["form.sample.received.female"] == 3
    assert rows["form.sample.done"] == 7
    assert "system.audit.actions" in rows
    assert err.getvalue() == ""  # the flow identity holds


def test_forms_not_submitted_on_the_bottlenecks_page(world: Any, setup: Any) -> None:
    from tuphap.statistics.aggregate import bottlenecks

    data_set, team, report = setup
    now = datetime.datetime(2026, 8, 1, 9, 0, tzinfo=VN)  # 2026H1's deadline has passed
    (before,) = [f for f in bottlenecks.forms_missing(team.approver, now) if data_set.code in f.key]
    assert before.count == 1
    assert before.lines[0].label == team.officer.agency.name
    assert "2026H1" in before.url
    assert before.days is not None
    assert before.days > 0
    services.values_save(actor=team.officer, report=report, cells=GOOD)
    with time_machine.travel(datetime.datetime(2026, 7, 20, 9, 0, tzinfo=VN), tick=False):
        services.report_submit(actor=team.officer, report=report)
    (after,) = [f for f in bottlenecks.forms_missing(team.approver, now) if data_set.code in f.key]
    assert after.count == 0
    # the Hà Tĩnh approver's jurisdiction has no reporter of this form in Nghệ An
    (other,) = [
        f for f in bottlenecks.forms_missing(team.other_approver, now) if data_set.code in f.key
    ]
    assert other.count == 0
    assert bottlenecks.forms_missing(world.users["civil_status_officer"], now) == []
