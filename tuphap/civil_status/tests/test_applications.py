"""The application flow on the case engine: every transition, refusals, access, and nothing
half-written when the event service refuses."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from conftest import api_as
from tuphap.accounts.models import AgencyKind, AgencyLevel
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.casework.models import CaseAction
from tuphap.casework.workflow import TransitionNotAllowed
from tuphap.civil_status.applications import services as application_services
from tuphap.civil_status.applications.models import Application
from tuphap.civil_status.registration import services
from tuphap.civil_status.registration.models import Person, Registration
from tuphap.civil_status.registration.persons import PossibleDuplicate
from tuphap.civil_status.tests import factories
from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.models import AuditEvent


def local(day: str, clock: str) -> datetime.datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour, minute), tzinfo=LOCAL_TIME_ZONE
    )


@pytest.fixture
def officer(world: Any) -> Any:
    return world.users["civil_status_officer"]


def other_officer(world: Any) -> Any:
    agency = account_factories.agency(
        "UBND-18070",
        "UBND phường Thành Sen",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        level=AgencyLevel.COMMUNE,
        units=[world.ha_tinh_ward],
        parent=world.doj_ha_tinh,
    )
    return account_factories.user("hotich_thanhsen", agency, Role.CIVIL_STATUS_OFFICER)


def test_full_flow_with_a_supplement(world: Any, officer: Any) -> None:
    with time_machine.travel(local("2026-02-12", "09:00"), tick=False):
        application = factories.application(
            officer, world.vinh, data=factories.birth_data(child={"family_name": "Lê"})
        )
        application = application_services.application_request_supplement(
            actor=officer, application=application, missing=["Giấy chứng sinh", " "]
        )
        assert application.case.state == "needs_supplement"
        assert application.case.due_at is None
    with time_machine.travel(local("2026-02-13", "15:30"), tick=False):
        application = application_services.application_resubmit(
            actor=officer, application=application, data=factories.birth_data()
        )
        application = application_services.application_accept(
            actor=officer, application=application
        )
    with time_machine.travel(local("2026-02-23", "08:30"), tick=False):
        application = application_services.application_register(
            actor=officer, application=application
        )
        application = application_services.application_return(
            actor=officer, application=application
        )

    application = Application.objects.select_related("case", "registration__book").get()
    assert application.case.state == "returned"
    assert application.supplement_requests[0]["missing"] == ["Giấy chứng sinh"]
    assert application.supplement_requests[0]["answered_at"] is not None
    # accepted after 15:00 on the last working day before Tết: due the first day after it
    assert application.due_on == datetime.date(2026, 2, 23)
    assert application.appointment_at == local("2026-02-23", "16:00")
    assert (application.receipt_number, application.receipt_label) == (1, "0001/2026")
    assert application.time_limit_basis == "Luật Hộ tịch 2014 Art. 16(2), 5(3)"
    assert application.registration is not None
    assert application.registration.book.volume_number == "01-TP/HT-2026-KS"
    assert application.registration.person.full_name == "Lê Minh Khang"
    assert application.on_time is True
    assert application.closed_at == local("2026-02-23", "08:30")
    journal = list(
        CaseAction.objects.filter(case=application.case)
        .order_by("sequence")
        .values_list("transition", "to_state")
    )
    assert journal == [
        ("", "submitted"),
        ("request_supplement", "needs_supplement"),
        ("resubmit", "submitted"),
        ("accept", "accepted"),
        ("register", "registered"),
        ("return_result", "returned"),
    ]
    actions = set(
        AuditEvent.objects.filter(action__startswith="civil_status.application.").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "civil_status.application.submitted",
        "civil_status.application.supplement_requested",
        "civil_status.application.resubmitted",
        "civil_status.application.accepted",
        "civil_status.application.registered",
        "civil_status.application.returned",
    }


def test_receipt_numbers_are_gapless_per_commune_and_year(world: Any, officer: Any) -> None:
    with time_machine.travel(local("2026-03-02", "09:00"), tick=False):
        numbers = []
        for given in ("An", "Bình", "Chi"):
            child = {**factories.birth_data()["child"], "given_name": given}
            application = factories.application(
                officer, world.vinh, data=factories.birth_data(child=child)
            )
            numbers.append(
                application_services.application_accept(
                    actor=officer, application=application
                ).receipt_number
            )

    assert numbers == [1, 2, 3]


def test_registered_after_the_appointment_is_late(world: Any, officer: Any) -> None:
    with time_machine.travel(local("2026-08-28", "10:00"), tick=False):
        ward = factories.birth(
            officer, world.vinh, child=factories.child(date_of_birth=datetime.date(2026, 8, 1))
        )
        guardian = factories.birth(
            officer,
            world.vinh,
            child=factories.child(
                family_name="Trần", given_name="Bình", date_of_birth=datetime.date(1980, 5, 1)
            ),
            re_registration=True,
        )
        application = factories.application(
            officer,
            world.vinh,
            event_type="guardianship",
            data={
                "ward_id": ward.person_id,
                "guardian_id": guardian.person_id,
                "kind": "appointed",
                "relationship": "aunt",
            },
        )
        application = application_services.application_accept(
            actor=officer, application=application
        )
    with time_machine.travel(local("2026-09-08", "09:00"), tick=False):
        application = application_services.application_register(
            actor=officer, application=application
        )

    # three working days across the 2 September holidays
    assert application.due_on == datetime.date(2026, 9, 7)
    assert application.on_time is False
    assert application.registration is not None
    assert application.registration.book.volume_number == "01-TP/HT-2026-GH"
    assert application.registration.other_person_id == guardian.person_id


def test_refusal_needs_a_written_reason(world: Any, officer: Any) -> None:
    application = factories.application(officer, world.vinh)

    with pytest.raises(ValidationFailed) as refused:
        application_services.application_refuse(actor=officer, application=application, reason="  ")
    done = application_services.application_refuse(
        actor=officer, application=application, reason="Không đủ điều kiện đăng ký tại đây"
    )

    assert refused.value.fields == {"reason": ["This field is required."]}
    assert done.case.state == "refused"
    assert done.refusal_reason == "Không đủ điều kiện đăng ký tại đây"
    assert done.closed_at is not None
    refused_action = CaseAction.objects.get(case=done.case, transition="refuse")
    assert refused_action.reason == "Không đủ điều kiện đăng ký tại đây"


def test_a_supplement_request_lists_what_is_missing(world: Any, officer: Any) -> None:
    application = factories.application(officer, world.vinh)

    with pytest.raises(ValidationFailed) as error:
        application_services.application_request_supplement(
            actor=officer, application=application, missing=[]
        )

    assert error.value.fields == {
        "missing": ["List at least one missing paper or piece of information."]
    }
    assert Application.objects.get().case.state == "submitted"


@pytest.mark.parametrize(
    ("step", "arguments"),
    [
        ("application_register", {}),
        ("application_return", {}),
        ("application_resubmit", {}),
    ],
)
def test_a_step_from_the_wrong_state_is_a_conflict(
    world: Any, officer: Any, step: str, arguments: dict[str, Any]
) -> None:
    application = factories.application(officer, world.vinh)

    with pytest.raises(TransitionNotAllowed) as error:
        getattr(application_services, step)(actor=officer, application=application, **arguments)

    assert error.value.status_code == 409
    assert Application.objects.get().case.state == "submitted"
    assert Registration.objects.count() == 0


def test_a_closed_application_cannot_be_refused(world: Any, officer: Any) -> None:
    application = factories.application(officer, world.vinh)
    application_services.application_withdraw(
        actor=officer, application=application, reason="Tự rút"
    )

    with pytest.raises(Conflict):
        application_services.application_refuse(
            actor=officer, application=application, reason="Không đủ"
        )

    assert Application.objects.get().case.state == "withdrawn"


def test_an_incomplete_file_is_not_accepted(world: Any, officer: Any) -> None:
    data = factories.birth_data(child={"family_name": "Lê", "sex": "unknown"})
    application = factories.application(officer, world.vinh, data=data)

    with pytest.raises(ValidationFailed) as error:
        application_services.application_accept(actor=officer, application=application)

    assert error.value.fields == {
        "data.child.given_name": ["This field is required."],
    }
    application = Application.objects.select_related("case").get()
    assert (application.case.state, application.receipt_number, application.case.due_at) == (
        "submitted",
        None,
        None,
    )


def test_an_officer_of_another_commune_may_not_act(world: Any, officer: Any) -> None:
    application = factories.application(officer, world.vinh)
    stranger = other_officer(world)

    with pytest.raises(AccessDenied):
        application_services.application_accept(actor=stranger, application=application)
    with pytest.raises(AccessDenied):
        factories.application(stranger, world.vinh)
    with pytest.raises(AccessDenied):
        factories.application(world.users["provincial_specialist"], world.vinh)

    assert Application.objects.get().case.state == "submitted"


def test_a_possible_duplicate_leaves_the_application_unchanged(world: Any, officer: Any) -> None:
    with time_machine.travel(local("2026-03-02", "09:00"), tick=False):
        factories.birth(
            officer,
            world.vinh,
            child=factories.child(
                family_name="Lê",
                middle_name="Minh",
                given_name="Khang",
                date_of_birth=datetime.date(2026, 1, 20),
            ),
            mother=services.ParentData("Hồ Thị Lan", year_of_birth=1997),
        )
        application = application_services.application_accept(
            actor=officer, application=factories.application(officer, world.vinh)
        )
        persons_before = Person.objects.count()
        audit_before = AuditEvent.objects.count()

        with pytest.raises(PossibleDuplicate):
            application_services.application_register(actor=officer, application=application)
        unchanged = Application.objects.select_related("case").get()
        assert (unchanged.case.state, unchanged.registration_id, unchanged.case.last_sequence) == (
            "accepted",
            None,
            2,
        )
        assert (Person.objects.count(), Registration.objects.count()) == (persons_before, 1)
        assert AuditEvent.objects.count() == audit_before

        done = application_services.application_register(
            actor=officer, application=application, different_person_confirmed=True
        )

    assert done.case.state == "registered"
    assert Registration.objects.count() == 2
    assert done.on_time is True


def test_verification_extends_the_appointment_once(world: Any, officer: Any) -> None:
    husband = {"family_name": "Phan", "given_name": "Nam", "sex": "male"}
    wife = {"family_name": "Võ", "given_name": "Mai", "sex": "female"}
    data = {
        "husband": {**husband, "date_of_birth": "1995-03-01"},
        "wife": {**wife, "date_of_birth": "1998-07-12"},
    }
    with time_machine.travel(local("2026-02-13", "10:00"), tick=False):
        application = factories.application(officer, world.vinh, event_type="marriage", data=data)
        application = application_services.application_accept(
            actor=officer, application=application
        )
        assert application.due_on == datetime.date(2026, 2, 13)
        with pytest.raises(ValidationFailed):
            application_services.application_extend(
                actor=officer, application=application, reason=""
            )
        application = application_services.application_extend(
            actor=officer, application=application, reason="Xác minh tình trạng hôn nhân"
        )
        assert application.due_on == datetime.date(2026, 2, 27)
        with pytest.raises(Conflict):
            application_services.application_extend(
                actor=officer, application=application, reason="Lần hai"
            )
    with time_machine.travel(local("2026-02-27", "10:00"), tick=False):
        application = application_services.application_register(
            actor=officer, application=application
        )

    assert application.on_time is True
    assert application.registration is not None
    assert application.registration.event_type == "marriage"


def test_a_foreign_element_marriage_has_fifteen_days(world: Any, officer: Any) -> None:
    with time_machine.travel(local("2026-04-15", "10:00"), tick=False):
        application = factories.application(
            officer, world.vinh, event_type="marriage", data={"foreign_element": True}
        )
        application.data = {
            "foreign_element": True,
            "husband": {
                "family_name": "Kim",
                "given_name": "Min",
                "sex": "male",
                "date_of_birth": "1990-01-01",
                "nationality": "Hàn Quốc",
            },
            "wife_id": None,
            "wife": {
                "family_name": "Đỗ",
                "given_name": "Hoa",
                "sex": "female",
                "date_of_birth": "1996-01-01",
            },
        }
        application.save(update_fields=["data"])
        application = application_services.application_accept(
            actor=officer, application=application
        )

    assert application.due_on == datetime.date(2026, 5, 4)
    assert application.time_limit_basis == "Luật Hộ tịch 2014 Art. 38(2)"


def test_the_case_engine_due_date_matches_the_table(world: Any, officer: Any) -> None:
    with time_machine.travel(local("2026-11-23", "15:30"), tick=False):
        application = application_services.application_accept(
            actor=officer, application=factories.application(officer, world.vinh)
        )

    assert application.case.clock["basis"] == "Luật Hộ tịch 2014 Art. 16(2), 5(3)"
    assert application.case.due_at == datetime.datetime.combine(
        datetime.date(2026, 11, 25), datetime.time.max, tzinfo=LOCAL_TIME_ZONE
    )


def _event_data(event_type: str, officer: Any, world: Any) -> dict[str, Any]:
    """The data of an application of each event, about records made here."""
    child = factories.birth(officer, world.vinh)
    mother = factories.birth(
        officer,
        world.vinh,
        child=factories.child(
            family_name="Hồ",
            given_name="Lan",
            sex="female",
            date_of_birth=datetime.date(1990, 2, 3),
        ),
        re_registration=True,
    )
    return {
        "death": {
            "deceased": {
                "family_name": "Phan",
                "given_name": "Tùng",
                "sex": "male",
                "date_of_birth": "1940-05-05",
            },
            "died_on": "2026-11-20",
            "place_of_death": "Tại nhà",
        },
        "recognition": {
            "person_id": child.person_id,
            "other_person_id": mother.person_id,
            "details": {"relationship": "mother"},
        },
        "marital_status": {
            "person_id": mother.person_id,
            "details": {"marital_status": "single", "purpose": "Kết hôn"},
        },
        "court_decision": {
            "person_id": mother.person_id,
            "details": {
                "decision_type": "other",
                "authority": "TAND tỉnh Nghệ An",
                "decision_number": "12/2026/QĐST",
                "decision_date": "2026-11-02",
            },
        },
        "change": {
            "registration_id": child.pk,
            "kind": "correction",
            "changes": {"person.middle_name": "Gia"},
            "reason": "Sai tên đệm",
            "legal_basis": "Luật Hộ tịch 2014 Art. 26",
        },
        "guardianship": {
            "ward_id": child.person_id,
            "guardian": {
                "family_name": "Hồ",
                "given_name": "Mai",
                "sex": "female",
                "date_of_birth": "1970-01-01",
            },
            "kind": "appointed",
        },
    }[event_type]


@pytest.mark.parametrize(
    ("event_type", "book", "due"),
    [
        ("death", "KT", "2026-11-23"),
        ("recognition", "CMC", "2026-11-27"),
        ("marital_status", "XNHN", "2026-11-27"),
        ("court_decision", "GCHT", "2026-11-23"),
        ("change", "KS", "2026-11-27"),
        ("guardianship", "GH", "2026-11-27"),
    ],
)
def test_every_event_goes_through_its_own_service(
    world: Any, officer: Any, event_type: str, book: str, due: str
) -> None:
    # Monday 23 Nov 2026, 10:00; Tuesday 24 Nov is a day off in the calendar.
    with time_machine.travel(local("2026-11-23", "10:00"), tick=False):
        data = _event_data(event_type, officer, world)
        application = factories.application(officer, world.vinh, event_type=event_type, data=data)
        application = application_services.application_accept(
            actor=officer, application=application
        )
        application = application_services.application_register(
            actor=officer, application=application
        )

    assert application.due_on == datetime.date.fromisoformat(due)
    assert application.case.state == "registered"
    assert application.registration is not None
    assert application.registration.book.volume_number.endswith(f"-{book}")
    assert application.on_time is True
    if event_type == "change":
        assert application.registration.person.middle_name == "Gia"


def test_an_incomplete_record_event_names_each_field(world: Any, officer: Any) -> None:
    application = factories.application(
        officer,
        world.vinh,
        event_type="court_decision",
        data={"person_id": 999999, "details": {"decision_type": "war"}},
    )

    with pytest.raises(ValidationFailed) as error:
        application_services.application_accept(actor=officer, application=application)

    assert error.value.fields == {
        "data.details.authority": ["This field is required."],
        "data.details.decision_number": ["This field is required."],
        "data.details.decision_date": ["This field is required."],
        "data.details.decision_type": [
            "Choose one of: adoption, annulment, declared_dead, divorce, gender, incapacity, "
            "missing, nationality, other, parentage."
        ],
        "data.person_id": ["No such person in your jurisdiction."],
    }


def test_an_enforcement_head_of_the_province_does_not_read_its_applications(
    world: Any, officer: Any
) -> None:
    # Need to know by role: the province's enforcement office covers Vinh, but the civil
    # status applications are not its work, by the generic case API or by id.
    application = factories.application(officer, world.vinh)
    office = account_factories.agency(
        "THADS-40-TEST",
        "Thi hành án dân sự tỉnh Nghệ An",
        kind=AgencyKind.ENFORCEMENT_PROVINCIAL,
        units=[world.nghe_an],
    )
    head = account_factories.user("truongphong_test", office, Role.ENFORCEMENT_HEAD)
    client = api_as(head)

    listed = client.get("/api/v1/cases/").json()["results"]
    one = client.get(f"/api/v1/cases/{application.case_id}")

    assert [row["id"] for row in listed] == []
    assert one.status_code == 404
    specialist = api_as(world.users["provincial_specialist"])
    assert specialist.get(f"/api/v1/cases/{application.case_id}").status_code == 200
