"""Reads: the case list with filters and jurisdiction, one case, the workqueue."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tuphap.casework import selectors, services
from tuphap.casework.models import Case
from tuphap.casework.registry import UnknownRegister
from tuphap.casework.tests.conftest import OpenCase, Staff, at
from tuphap.core.calendar import default_calendar
from tuphap.core.errors import NotFound, ValidationFailed

D = datetime.date


@pytest.fixture
def two_provinces(open_case: OpenCase, staff: Staff, world: Any) -> dict[str, Case]:
    return {
        "nghe_an": open_case("2026-08-27 09:00", assignee=staff.officer),
        "ha_tinh": open_case(
            "2026-08-27 09:30",
            actor=staff.officer_ha_tinh,
            agency=staff.office_ha_tinh,
            place=world.ha_tinh_ward,
        ),
    }


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("staff.officer", {"nghe_an"}),
        ("staff.officer_ha_tinh", {"ha_tinh"}),
        ("provincial_specialist", {"nghe_an"}),  # the Nghệ An department: by place
        ("provincial_specialist_ha_tinh", {"ha_tinh"}),
        ("civil_status_officer", {"nghe_an"}),  # the case lies in Vinh, the officer's commune
        ("leader", {"nghe_an", "ha_tinh"}),  # national, read only
        ("auditor_nghe_an", {"nghe_an"}),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_list_is_limited_to_the_jurisdiction(
    two_provinces: dict[str, Case], staff: Staff, world: Any, persona: str, visible: set[str]
) -> None:
    user = getattr(staff, persona[6:]) if persona.startswith("staff.") else world.users[persona]
    by_id = {case.pk: name for name, case in two_provinces.items()}
    found = {by_id[case.pk] for case in selectors.case_list_for_user(user)}
    assert found == visible


def test_cases_of_the_users_own_agency_are_visible_wherever_they_lie(
    open_case: OpenCase, staff: Staff, world: Any
) -> None:
    # A national agency's user opens a case placed in Hà Tĩnh for the Nghệ An office (rare,
    # e.g. a delegated case): the Nghệ An office's users see it through their agency.
    staff.officer.agency = world.ministry
    case = open_case(actor=staff.officer, place=world.ha_tinh_ward)
    staff.officer.agency = staff.office_nghe_an
    assert list(selectors.case_list_for_user(staff.officer_2)) == [case]


def test_outsider_gets_not_found(two_provinces: dict[str, Case], staff: Staff) -> None:
    case = two_provinces["nghe_an"]
    assert selectors.case_get_for_user(staff.officer, case.pk) == case
    with pytest.raises(NotFound):
        selectors.case_get_for_user(staff.officer_ha_tinh, case.pk)
    with pytest.raises(NotFound):
        selectors.case_get_for_user(staff.officer, 999_999)


def test_filters(open_case: OpenCase, staff: Staff, time_machine: Any) -> None:
    old = open_case("2026-08-03 09:00", assignee=staff.officer)  # due Mon 10 Aug
    soon = open_case("2026-08-27 09:00", assignee=staff.officer_2)  # due Tue 8 Sep
    verifying = services.case_transition(
        actor=staff.officer,
        case=open_case("2026-08-27 10:00"),
        transition="start_verification",
    )
    now = at("2026-08-28 09:00")
    time_machine.move_to(now, tick=False)

    def numbers(**filters: Any) -> list[str]:
        return [
            case.display_number
            for case in selectors.case_list_for_user(staff.officer, now=now, **filters)
        ]

    assert numbers() == ["1/2026", "2/2026", "3/2026"]
    assert numbers(ordering="-opened_at") == ["3/2026", "2/2026", "1/2026"]
    assert numbers(register="test.simple", state="verifying") == [verifying.display_number]
    assert numbers(assignee=staff.officer) == [old.display_number]
    assert numbers(assignee=staff.officer_2.pk) == [soon.display_number]
    assert numbers(overdue=True) == ["1/2026"]
    assert numbers(overdue=False) == ["2/2026", "3/2026"]
    assert numbers(due_before=D(2026, 8, 31)) == ["1/2026"]
    assert numbers(search="2/2026") == ["2/2026"]
    assert numbers(search="2/2025") == []
    assert numbers(search="3") == ["3/2026"]
    assert numbers(search="truong vinh") == ["1/2026", "2/2026", "3/2026"]


@pytest.mark.parametrize(
    ("filters", "error", "field"),
    [
        ({"ordering": "colour"}, ValidationFailed, "ordering"),
        ({"register": "nope"}, UnknownRegister, "register"),
    ],
    ids=["bad-ordering", "unknown-register"],
)
def test_bad_filters_name_the_field(
    staff: Staff, filters: dict[str, Any], error: type[ValidationFailed], field: str
) -> None:
    with pytest.raises(error) as raised:
        selectors.case_list_for_user(staff.officer, **filters)
    assert list(raised.value.fields) == [field]


def test_a_state_the_register_lacks_is_an_empty_filter(open_case: Any, staff: Staff) -> None:
    open_case("2026-08-03 09:00", assignee=staff.officer)
    assert selectors.case_list_for_user(staff.officer, register="test.simple").count() == 1
    flying = selectors.case_list_for_user(staff.officer, register="test.simple", state="flying")
    assert list(flying) == []


# -- workqueue -----------------------------------------------------------------------------------


def _queue_world(open_case: OpenCase, staff: Staff, extra: int = 0) -> dict[str, Case]:
    cases = {
        "overdue": open_case("2026-08-03 09:00", assignee=staff.officer),  # due Mon 10 Aug
        "due_tomorrow": open_case("2026-08-27 09:00", assignee=staff.officer),  # due Tue 8 Sep
        "later": open_case("2026-09-04 09:00", assignee=staff.officer),  # due Fri 11 Sep
        "paused": open_case("2026-09-04 09:30", assignee=staff.officer),
        "closed": open_case("2026-09-04 10:00", assignee=staff.officer),
        "not_mine": open_case("2026-09-04 10:30", assignee=staff.officer_2),
    }
    for index in range(extra):
        open_case(f"2026-09-04 11:{index:02d}", assignee=staff.officer)
    services.case_pause(actor=staff.officer, case=cases["paused"], reason="r")
    services.case_transition(actor=staff.head, case=cases["closed"], transition="terminate")
    return cases


def test_workqueue_sections(open_case: OpenCase, staff: Staff) -> None:
    cases = _queue_world(open_case, staff)
    now = at("2026-09-07 10:00")  # Monday

    queue = selectors.workqueue_for_user(staff.officer, now=now, due_soon_days=3)

    # 3 working days after Mon 7 Sep: 8, 9, 10 Sep.
    assert queue.soon == datetime.datetime.combine(
        D(2026, 9, 10), datetime.time.max, tzinfo=now.tzinfo
    )
    assert queue.counts == {"open": 4, "due_soon": 1, "overdue": 1, "paused": 1}
    names = {case.pk: name for name, case in cases.items()}
    assert [names[c.pk] for c in queue.section("open")] == [
        "overdue",
        "due_tomorrow",
        "later",
        "paused",
    ]
    assert [names[c.pk] for c in queue.section("due_soon")] == ["due_tomorrow"]
    assert [names[c.pk] for c in queue.section("overdue")] == ["overdue"]
    assert [names[c.pk] for c in queue.section("paused")] == ["paused"]
    with pytest.raises(ValidationFailed):
        queue.section("someday")


@pytest.mark.parametrize("extra", [0, 10], ids=["few-rows", "more-rows"])
def test_workqueue_query_count_does_not_grow_with_rows(
    open_case: OpenCase, staff: Staff, django_assert_num_queries: Any, extra: int
) -> None:
    _queue_world(open_case, staff, extra)
    now = at("2026-09-07 10:00")
    default_calendar()  # the calendar is cached per process; load it outside the count
    user = staff.officer

    with django_assert_num_queries(2):  # the counts, and the section with its relations
        queue = selectors.workqueue_for_user(user, now=now)
        rows = [
            (case.agency.name, case.place.name, case.province.code, case.assignee)
            for case in queue.section("open")
        ]
    assert len(rows) == 4 + extra


def _visible_assigned(user: Any) -> set[int]:
    """What the workqueue must hold: the user's open cases that ``visible_cases`` lets them see."""
    from tuphap.casework import permissions

    assigned = Case.objects.filter(assignee=user, closed_at__isnull=True)
    return set(permissions.visible_cases(assigned, user).values_list("pk", flat=True))


def test_a_moved_officer_sees_only_the_old_cases_the_new_office_covers(
    open_case: OpenCase, staff: Staff, world: Any, django_assert_num_queries: Any
) -> None:
    # An officer of the Nghệ An office moves to the Nghệ An department of justice and keeps
    # two assignments: a case in Vinh (the department's jurisdiction covers it: visible by
    # place) and a Hà Tĩnh case (neither the new agency's nor its place: not visible).
    mover = staff.officer_2
    in_vinh = open_case("2026-08-27 09:00", assignee=mover)
    in_ha_tinh = open_case(
        "2026-08-27 09:30",
        actor=staff.officer_ha_tinh,
        agency=staff.office_ha_tinh,
        place=world.ha_tinh_ward,
        assignee=staff.officer_ha_tinh,
    )
    Case.objects.filter(pk=in_ha_tinh.pk).update(assignee=mover)
    mover.agency = world.users["provincial_specialist"].agency
    mover.save(update_fields=["agency"])
    now = at("2026-09-07 10:00")
    default_calendar()

    assert _visible_assigned(mover) == {in_vinh.pk}
    with django_assert_num_queries(3):  # own-agency counts, the full rule's counts, the page
        queue = selectors.workqueue_for_user(mover, now=now)
        shown = [case.pk for case in queue.section("open")]
    assert shown == [in_vinh.pk]
    assert queue.counts == {"open": 1, "due_soon": 1, "overdue": 0, "paused": 0}


@pytest.mark.parametrize(
    "persona", ["staff.officer", "staff.officer_2", "staff.head", "staff.officer_ha_tinh"]
)
def test_the_workqueue_holds_exactly_the_visible_assigned_cases(
    open_case: OpenCase, staff: Staff, world: Any, persona: str
) -> None:
    _queue_world(open_case, staff)
    open_case("2026-09-04 11:00", register="test.other", assignee=staff.officer)
    user = getattr(staff, persona.split(".")[1])
    queue = selectors.workqueue_for_user(user, now=at("2026-09-07 10:00"))
    assert {case.pk for case in queue.section("open")} == _visible_assigned(user)
    assert queue.counts["open"] == len(_visible_assigned(user))


def test_the_workqueue_of_a_user_whose_roles_no_longer_read_a_register(
    open_case: OpenCase, staff: Staff
) -> None:
    # Cases of test.other stay assigned to an officer who is now only a provincial specialist,
    # a role that does not read that register: the workqueue no longer shows them.
    from tuphap.accounts.models import UserRole
    from tuphap.accounts.roles import Role

    simple = open_case("2026-08-27 09:00", assignee=staff.officer)
    open_case("2026-08-27 09:30", register="test.other", assignee=staff.officer)
    UserRole.objects.filter(user=staff.officer).update(role=Role.PROVINCIAL_SPECIALIST)
    staff.officer.refresh_from_db()
    staff.officer.__dict__.pop("_role_cache", None)

    queue = selectors.workqueue_for_user(staff.officer, now=at("2026-09-07 10:00"))
    assert [case.pk for case in queue.section("open")] == [simple.pk]
    assert queue.counts["open"] == 1 == len(_visible_assigned(staff.officer))


def test_a_register_hides_its_cases_from_the_roles_that_may_not_read_it(
    open_case: OpenCase, staff: Staff, world: Any
) -> None:
    # test.other declares no read roles: only its working roles (officer, head) read it. The
    # leader (national) and the Nghệ An specialist (by place) read test.simple, not test.other.
    simple = open_case("2026-08-27 09:00")
    other = open_case("2026-08-27 09:30", register="test.other")
    for persona in ("leader", "provincial_specialist", "civil_status_officer"):
        user = world.users[persona]
        assert {case.pk for case in selectors.case_list_for_user(user)} == {simple.pk}
        assert not selectors.case_list_for_user(user, search=str(other.number)).filter(pk=other.pk)
        with pytest.raises(NotFound):
            selectors.case_get_for_user(user, other.pk)
    assert selectors.case_get_for_user(staff.officer, other.pk) == other
    assert selectors.case_get_for_user(staff.head, other.pk) == other
