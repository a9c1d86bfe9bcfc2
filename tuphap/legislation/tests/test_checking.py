from __future__ import annotations

import datetime
from typing import Any

import pytest

from tuphap.casework.models import CaseAction
from tuphap.core.audit import AuditEvent
from tuphap.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from tuphap.legislation.checking import selectors as checking_selectors
from tuphap.legislation.checking import services as checking
from tuphap.legislation.checking import workflow as checking_workflow
from tuphap.legislation.checking.models import (
    CheckConclusion,
    CheckOutcome,
    DocumentCheck,
    FindingGround,
)
from tuphap.legislation.documents.models import DocumentType
from tuphap.legislation.tests import factories
from tuphap.legislation.tests.checking_helpers import (
    LAWFUL,
    MONDAY,
    UNLAWFUL,
    D,
    circular,
    opened,
    reload,
    resolution,
)


@pytest.fixture
def today(time_machine: Any) -> datetime.date:
    time_machine.move_to(MONDAY, tick=False)
    return MONDAY.date()


@pytest.fixture
def documents(world: Any, today: datetime.date) -> dict[str, Any]:
    ministry = world.users["ministry_specialist"]
    return {
        "law": factories.sample_law(ministry),
        "circular": circular(ministry),
        "resolution": resolution(ministry, world.nghe_an),
    }


def test_opening_and_pre_checking_stores_each_finding_with_its_explanation(
    world: Any, documents: dict[str, Any]
) -> None:
    actor = world.users["ministry_specialist"]

    check = reload(opened(actor, documents["circular"], received_on=D(2026, 9, 21)))

    assert check.case.register == checking_workflow.REGISTER
    assert check.case.state == checking_workflow.PRECHECKED
    assert (check.case.place, check.case.province) == (None, None)  # a central-level case
    assert check.province_id is None
    assert check.case.assignee == actor
    # 30 days from receipt (the day of receipt not counted): 21 October 2026, a Wednesday.
    assert check.case.due_at is not None
    assert check.case.due_at.date() == D(2026, 10, 21)
    results = {item["code"]: item["result"] for item in check.prechecks}
    assert results == {
        "competence": "passed",
        "number": "passed",
        "effective_date": "passed",
        "citations": "failed",
    }
    citations = check.prechecks[3]
    assert [(item["number"], item["outcome"]) for item in citations["details"]] == [
        ("91/2026/QH15", "failed"),
        ("39/2022/NĐ-CP", "not_found"),
    ]
    assert set(citations["explanation"]) == {"vi", "en"}
    assert [row.kind for row in CaseAction.objects.filter(case=check.case)] == [
        "opened",
        "transitioned",
    ]
    assert AuditEvent.objects.filter(action="legislation.check_precheck").count() == 1


def test_the_pre_check_catches_a_local_document_taking_effect_too_soon(
    world: Any, documents: dict[str, Any]
) -> None:
    check = opened(world.users["provincial_specialist"], documents["resolution"])

    effective = next(item for item in check.prechecks if item["code"] == "effective_date")
    assert effective["result"] == "failed"
    assert "here 14/05/2026" in effective["explanation"]["en"]
    assert reload(check).province_id == world.nghe_an.pk


def test_a_lawful_document_is_closed_after_the_findings(
    world: Any, documents: dict[str, Any]
) -> None:
    actor = world.users["ministry_specialist"]
    check = opened(actor, documents["circular"])

    checking.check_examine(actor=actor, check=check, findings=[LAWFUL])
    with pytest.raises(Conflict) as refused:
        checking.check_request(actor=actor, check=reload(check), request_text="Đề nghị xử lý")
    checking.check_close(actor=actor, check=reload(check))

    check = reload(check)
    assert refused.value.code == "guard_failed"
    assert (check.conclusion, check.examined_on) == (CheckConclusion.LAWFUL, D(2026, 10, 5))
    assert check.case.state == checking_workflow.CLOSED
    assert check.case.due_at is None
    assert check.case.closed_at is not None


def test_an_unlawful_document_goes_to_its_issuer_with_time_limits(
    world: Any, documents: dict[str, Any]
) -> None:
    actor = world.users["provincial_specialist"]
    check = opened(actor, documents["resolution"])

    checking.check_examine(actor=actor, check=check, findings=[LAWFUL, UNLAWFUL])
    examined = reload(check)
    assert examined.case.due_at is not None
    conclusion_due = examined.case.due_at.date()
    checking.check_request(
        actor=actor, check=examined, request_text="Đề nghị HĐND tỉnh bãi bỏ Điều 1."
    )
    requested = reload(check)
    checking.check_record_outcome(
        actor=actor,
        check=requested,
        outcome=CheckOutcome.AMENDED,
        note="HĐND tỉnh đã sửa đổi Điều 1.",
    )
    checking.check_close(actor=actor, check=reload(check))

    check = reload(check)
    assert examined.conclusion == CheckConclusion.UNLAWFUL
    # The conclusion with the request: 5 working days from Monday 5 October → 12 October.
    assert conclusion_due == D(2026, 10, 12)
    # The issuer's answer: 30 days from the request → 4 November 2026.
    assert requested.answer_due_on == D(2026, 11, 4)
    assert requested.requested_on == D(2026, 10, 5)
    assert [row.ground for row in check.findings.all()] == [
        FindingGround.LAWFUL,
        FindingGround.CONTENT,
    ]
    assert (check.outcome, check.outcome_on) == (CheckOutcome.AMENDED, D(2026, 10, 5))
    assert check.case.state == checking_workflow.CLOSED
    assert list(
        CaseAction.objects.filter(case=check.case).values_list("transition", flat=True)
    ) == ["", "precheck", "examine_unlawful", "request", "record_outcome", "close_handled"]


@pytest.mark.parametrize(
    ("findings", "field"),
    [
        ([], "findings"),
        (
            [checking.FindingData(ground="wrong", description="Không rõ")],
            "findings.0.ground",
        ),
        (
            [checking.FindingData(ground=FindingGround.LAWFUL, description=" ")],
            "findings.0.description",
        ),
        (
            [LAWFUL, checking.FindingData(ground=FindingGround.FORM, description="Sai thể thức")],
            "findings.1.legal_basis",
        ),
    ],
    ids=["none", "unknown-ground", "no-description", "unlawful-without-rule"],
)
def test_bad_findings_are_refused_naming_the_field(
    world: Any, documents: dict[str, Any], findings: list[Any], field: str
) -> None:
    actor = world.users["ministry_specialist"]
    check = opened(actor, documents["circular"])

    with pytest.raises(ValidationFailed) as refused:
        checking.check_examine(actor=actor, check=check, findings=findings)

    assert field in refused.value.fields
    check = reload(check)
    assert (check.case.state, check.conclusion) == (checking_workflow.PRECHECKED, "")
    assert not check.findings.exists()


def test_bad_request_and_outcome_name_the_field(world: Any, documents: dict[str, Any]) -> None:
    actor = world.users["ministry_specialist"]
    check = opened(actor, documents["circular"])
    checking.check_examine(actor=actor, check=check, findings=[UNLAWFUL])

    with pytest.raises(ValidationFailed) as no_text:
        checking.check_request(actor=actor, check=reload(check), request_text="  ")
    checking.check_request(actor=actor, check=reload(check), request_text="Đề nghị sửa đổi.")
    with pytest.raises(ValidationFailed) as no_outcome:
        checking.check_record_outcome(actor=actor, check=reload(check), outcome="forgotten")
    with pytest.raises(ValidationFailed) as no_body:
        checking.check_record_outcome(
            actor=actor, check=reload(check), outcome=CheckOutcome.REPORTED
        )

    assert list(no_text.value.fields) == ["request_text"]
    assert list(no_outcome.value.fields) == ["outcome"]
    assert list(no_body.value.fields) == ["note"]
    assert reload(check).case.state == checking_workflow.REQUESTED


@pytest.mark.parametrize(
    ("received_on", "message"),
    [
        (D(2026, 10, 6), "The date must not be in the future."),
        (D(2026, 3, 1), "A document is received for checking after it is signed."),
    ],
    ids=["future", "before-signing"],
)
def test_a_bad_receipt_date_is_refused(
    world: Any, documents: dict[str, Any], received_on: datetime.date, message: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        checking.check_open(
            actor=world.users["ministry_specialist"],
            document=documents["circular"],
            received_on=received_on,
        )

    assert refused.value.fields == {"received_on": [message]}
    assert not DocumentCheck.objects.exists()


def test_steps_in_the_wrong_state_are_conflicts(world: Any, documents: dict[str, Any]) -> None:
    actor = world.users["ministry_specialist"]
    check = checking.check_open(
        actor=actor, document=documents["circular"], received_on=D(2026, 10, 1)
    )

    with pytest.raises(Conflict) as early:
        checking.check_examine(actor=actor, check=check, findings=[LAWFUL])
    with pytest.raises(Conflict) as twice:
        checking.check_open(actor=actor, document=documents["circular"], received_on=D(2026, 10, 2))
    with pytest.raises(Conflict):
        checking.check_close(actor=actor, check=reload(check))

    assert early.value.code == "transition_not_allowed"
    assert "document" in twice.value.fields
    assert reload(check).case.state == checking_workflow.RECEIVED


def test_a_central_check_is_a_central_level_case_and_a_local_one_keeps_its_place(
    world: Any, documents: dict[str, Any]
) -> None:
    central = opened(world.users["ministry_specialist"], documents["circular"])
    local = opened(world.users["provincial_specialist"], documents["resolution"])

    assert (central.case.is_central, central.case.agency, central.province_id) == (
        True,
        world.ministry,
        None,
    )
    assert (local.case.place, local.case.province, local.province_id) == (
        world.nghe_an,
        world.nghe_an,
        world.nghe_an.pk,
    )


# -- who may check what ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "document", "allowed"),
    [
        ("ministry_specialist", "circular", True),
        ("ministry_specialist", "resolution", True),
        ("provincial_specialist", "resolution", True),
        ("provincial_specialist", "circular", False),
        ("provincial_specialist_ha_tinh", "resolution", False),
        ("leader", "circular", False),
        ("leader", "resolution", False),
        ("civil_status_officer", "resolution", False),
    ],
)
def test_who_may_open_a_check(
    world: Any, documents: dict[str, Any], persona: str, document: str, allowed: bool
) -> None:
    def attempt() -> Any:
        return checking.check_open(
            actor=world.users[persona], document=documents[document], received_on=D(2026, 10, 1)
        )

    if allowed:
        assert attempt().case.agency == world.users[persona].agency
    else:
        with pytest.raises(AccessDenied):
            attempt()


def test_the_ministry_does_not_check_commune_documents(world: Any, today: datetime.date) -> None:
    ministry = world.users["ministry_specialist"]
    decision = resolution(
        ministry,
        world.vinh,
        doc_type=DocumentType.COMMUNE_COMMITTEE_DECISION,
        number="03/2026/QĐ-UBND",
        issuer="Ủy ban nhân dân phường Trường Vinh",
        title="Quyết định về hòa giải ở cơ sở",
    )

    with pytest.raises(AccessDenied):
        checking.check_open(actor=ministry, document=decision, received_on=D(2026, 10, 1))
    check = checking.check_open(
        actor=world.users["provincial_specialist"], document=decision, received_on=D(2026, 10, 1)
    )

    assert check.case.place == world.vinh
    assert check.province_id == world.nghe_an.pk


def test_who_sees_which_checks(world: Any, documents: dict[str, Any]) -> None:
    central = opened(world.users["ministry_specialist"], documents["circular"])
    local = opened(world.users["provincial_specialist"], documents["resolution"])

    def visible(persona: str) -> list[int]:
        return list(
            checking_selectors.check_list_for_user(world.users[persona]).values_list(
                "case_id", flat=True
            )
        )

    assert sorted(visible("ministry_specialist")) == sorted([central.pk, local.pk])
    assert sorted(visible("leader")) == sorted([central.pk, local.pk])
    assert visible("provincial_specialist") == [local.pk]
    assert visible("provincial_specialist_ha_tinh") == []
    with pytest.raises(NotFound):
        checking_selectors.check_get_for_user(
            world.users["provincial_specialist_ha_tinh"], local.pk
        )


def test_a_leader_reads_but_may_not_work_a_check(world: Any, documents: dict[str, Any]) -> None:
    check = opened(world.users["ministry_specialist"], documents["circular"])

    with pytest.raises(AccessDenied):
        checking.check_examine(actor=world.users["leader"], check=check, findings=[LAWFUL])

    assert checking_selectors.check_get_for_user(world.users["leader"], check.pk) == check
    assert reload(check).case.state == checking_workflow.PRECHECKED


def test_only_the_checking_agency_works_its_check(world: Any, documents: dict[str, Any]) -> None:
    check = opened(world.users["ministry_specialist"], documents["resolution"])

    with pytest.raises(AccessDenied) as refused:
        checking.check_examine(
            actor=world.users["provincial_specialist"], check=check, findings=[LAWFUL]
        )

    assert refused.value.message == "Only the agency that checks this document may work on it."
    assert reload(check).case.state == checking_workflow.PRECHECKED
