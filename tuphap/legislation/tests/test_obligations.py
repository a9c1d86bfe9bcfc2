from __future__ import annotations

import datetime
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tuphap.core.errors import Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.legislation.documents import selectors, services
from tuphap.legislation.documents.models import (
    DetailingObligation,
    DocumentType,
    ObligationStatus,
    ProposalStatus,
    Relation,
)
from tuphap.legislation.tests import factories
from tuphap.legislation.tests.conftest import SAMPLE

D = datetime.date


@pytest.fixture
def law_with_proposals(world: Any) -> tuple[Any, list[DetailingObligation]]:
    actor = world.users["ministry_specialist"]
    law = factories.sample_law(actor)
    return law, services.obligations_propose(actor=actor, document=law)


def test_propose_stores_one_obligation_per_assignment_with_due_dates(
    law_with_proposals: tuple[Any, list[DetailingObligation]],
) -> None:
    # given the sample law (in force 1 Jan 2027, Article 7 from 1 Jul 2027)
    _law, proposed = law_with_proposals
    # then each proposal is due when the provisions it details take effect
    assert [
        (row.source_provision, row.provisions, row.assignee_text, row.expected_type, row.due_on)
        for row in proposed
    ] == [
        ("art_4__cl_2", ["art_4__cl_1__pt_d"], "Bộ trưởng Bộ Tư pháp", "circular", D(2027, 1, 1)),
        ("art_5__cl_3", ["art_5__cl_3"], "Chính phủ", "decree", D(2027, 1, 1)),
        ("art_6__cl_3", ["art_6__cl_1", "art_6__cl_2"], "Chính phủ", "decree", D(2027, 1, 1)),
        ("art_7__cl_2", ["art_7__cl_2"], "Thủ tướng Chính phủ", "pm_decision", D(2027, 7, 1)),
        (
            "art_8__cl_2",
            ["art_8__cl_2"],
            "Hội đồng nhân dân cấp tỉnh",
            "provincial_council_resolution",
            D(2027, 1, 1),
        ),
        ("art_8__cl_3", ["art_8__cl_1"], "Bộ trưởng Bộ Tài chính", "circular", D(2027, 1, 1)),
        ("art_10", ["art_5", "art_7"], "Chính phủ", "decree", D(2027, 1, 1)),
        ("art_10", ["body"], "Bộ trưởng Bộ Tư pháp", "circular", D(2027, 1, 1)),
    ]
    assert {row.proposal_status for row in proposed} == {ProposalStatus.PROPOSED}


def test_propose_again_adds_nothing(
    world: Any, law_with_proposals: tuple[Any, list[DetailingObligation]]
) -> None:
    law, _proposed = law_with_proposals
    again = services.obligations_propose(actor=world.users["ministry_specialist"], document=law)
    assert again == []
    assert DetailingObligation.objects.count() == 8


def test_confirm_with_corrections_recomputes_the_due_date_and_audits(
    world: Any, law_with_proposals: tuple[Any, list[DetailingObligation]]
) -> None:
    _law, proposed = law_with_proposals
    obligation = proposed[6]
    confirmed = services.obligation_confirm(
        actor=world.users["ministry_specialist"],
        obligation=obligation,
        provisions=["art_7"],
        assignee_agency=world.ministry,
    )
    confirmed.refresh_from_db()
    assert (confirmed.proposal_status, confirmed.provisions, confirmed.due_on) == (
        ProposalStatus.CONFIRMED,
        ["art_7"],
        D(2027, 7, 1),
    )
    event = AuditEvent.objects.get(action="legislation.obligation_confirm")
    assert event.data == {
        "before": {
            "provisions": ["art_5", "art_7"],
            "due_on": "2027-01-01",
            "assignee_agency": None,
        },
        "after": {"provisions": ["art_7"], "due_on": "2027-07-01", "assignee_agency": "BTP"},
    }


def test_confirm_refuses_a_provision_the_law_does_not_have(
    world: Any, law_with_proposals: tuple[Any, list[DetailingObligation]]
) -> None:
    _law, proposed = law_with_proposals
    with pytest.raises(ValidationFailed) as caught:
        services.obligation_confirm(
            actor=world.users["ministry_specialist"], obligation=proposed[0], provisions=["art_40"]
        )
    assert caught.value.fields == {"provisions": ["91/2026/QH15 has no provision art_40."]}


def test_reject_needs_a_reason_and_keeps_it(
    world: Any, law_with_proposals: tuple[Any, list[DetailingObligation]]
) -> None:
    _law, proposed = law_with_proposals
    actor = world.users["ministry_specialist"]
    with pytest.raises(ValidationFailed):
        services.obligation_reject(actor=actor, obligation=proposed[4], reason="  ")
    rejected = services.obligation_reject(
        actor=actor,
        obligation=proposed[4],
        reason="Giao cho địa phương, không phải văn bản trung ương",
    )
    assert (rejected.proposal_status, rejected.rejection_reason) == (
        ProposalStatus.REJECTED,
        "Giao cho địa phương, không phải văn bản trung ương",
    )


def test_fulfil_requires_confirmation_then_links_a_details_relation(
    world: Any, law_with_proposals: tuple[Any, list[DetailingObligation]]
) -> None:
    law, proposed = law_with_proposals
    actor = world.users["ministry_specialist"]
    decree = factories.detailing(
        actor, "10/2026/NĐ-CP", signed_on=D(2026, 11, 15), effective_on=D(2027, 1, 1)
    )
    with pytest.raises(Conflict):
        services.obligation_fulfil(actor=actor, obligation=proposed[2], detailing_document=decree)
    services.obligation_confirm(actor=actor, obligation=proposed[2])
    services.obligation_fulfil(actor=actor, obligation=proposed[2], detailing_document=decree)
    relation = Relation.objects.get()
    assert (relation.source, relation.target, relation.kind, relation.target_provisions) == (
        decree,
        law,
        "details",
        ["art_6__cl_1", "art_6__cl_2"],
    )
    assert (
        selectors.obligation_status(proposed[2], D(2027, 2, 1))
        == ObligationStatus.FULFILLED_ON_TIME
    )


def _confirm_all(actor: Any, rows: list[DetailingObligation]) -> None:
    for row in rows:
        services.obligation_confirm(actor=actor, obligation=row)


def test_overdue_by_assignee_on_a_date(
    world: Any, law_with_proposals: tuple[Any, list[DetailingObligation]]
) -> None:
    # given all proposals confirmed; a decree on time for Art. 6, a circular late for Art. 4,
    # a guidance circular signed only in March, and the council's obligation rejected
    _law, proposed = law_with_proposals
    actor = world.users["ministry_specialist"]
    _confirm_all(actor, proposed)
    on_time = factories.detailing(
        actor, "10/2026/NĐ-CP", signed_on=D(2026, 11, 15), effective_on=D(2027, 1, 1)
    )
    late = factories.detailing(
        actor,
        "02/2027/TT-BTP",
        signed_on=D(2027, 1, 20),
        effective_on=D(2027, 3, 6),
        doc_type=DocumentType.CIRCULAR,
        issuer="Bộ Tư pháp",
    )
    services.obligation_fulfil(actor=actor, obligation=proposed[2], detailing_document=on_time)
    services.obligation_fulfil(actor=actor, obligation=proposed[0], detailing_document=late)
    services.obligation_reject(actor=actor, obligation=proposed[4], reason="Không phải nợ")
    # when the overdue list is read on 15 January 2027
    groups = selectors.overdue_by_assignee(D(2027, 1, 15))
    # then what is still owed is grouped by assignee with days overdue (the late circular is
    # not signed yet); Art. 7 is not yet due
    assert [
        (
            group.assignee,
            [(row.obligation.source_provision, row.days_overdue) for row in group.rows],
        )
        for group in groups
    ] == [
        ("Bộ trưởng Bộ Tư pháp", [("art_4__cl_2", 14), ("art_10", 14)]),
        ("Chính phủ", [("art_5__cl_3", 14), ("art_10", 14)]),
        ("Bộ trưởng Bộ Tài chính", [("art_8__cl_3", 14)]),
    ]
    # and on 1 February the late circular has been signed, and Article 7 still waits
    statuses = {
        row.source_provision + ":" + ",".join(row.provisions): selectors.obligation_status(
            row, D(2027, 2, 1)
        )
        for row in selectors.obligation_list()
    }
    assert statuses == {
        "art_4__cl_2:art_4__cl_1__pt_d": ObligationStatus.FULFILLED_LATE,
        "art_5__cl_3:art_5__cl_3": ObligationStatus.OVERDUE,
        "art_6__cl_3:art_6__cl_1,art_6__cl_2": ObligationStatus.FULFILLED_ON_TIME,
        "art_7__cl_2:art_7__cl_2": ObligationStatus.NOT_YET_DUE,
        "art_8__cl_2:art_8__cl_2": ObligationStatus.OVERDUE,
        "art_8__cl_3:art_8__cl_1": ObligationStatus.OVERDUE,
        "art_10:art_5,art_7": ObligationStatus.OVERDUE,
        "art_10:body": ObligationStatus.OVERDUE,
    }


def test_no_longer_needed_leaves_the_overdue_list(
    world: Any, law_with_proposals: tuple[Any, list[DetailingObligation]]
) -> None:
    _law, proposed = law_with_proposals
    actor = world.users["ministry_specialist"]
    services.obligation_confirm(actor=actor, obligation=proposed[1])
    services.obligation_mark_not_needed(
        actor=actor, obligation=proposed[1], from_date=D(2027, 1, 10), reason="Khoản 3 bị bãi bỏ"
    )
    assert [g.assignee for g in selectors.overdue_by_assignee(D(2027, 1, 5))] == ["Chính phủ"]
    assert selectors.overdue_by_assignee(D(2027, 1, 10)) == []


def test_overdue_list_query_count(
    world: Any,
    law_with_proposals: tuple[Any, list[DetailingObligation]],
    django_assert_num_queries: Any,
) -> None:
    _law, proposed = law_with_proposals
    _confirm_all(world.users["ministry_specialist"], proposed)
    with django_assert_num_queries(1):
        groups = selectors.overdue_by_assignee(D(2027, 8, 1))
    assert sum(group.count for group in groups) == 8


def test_extract_delegations_command_prints_json() -> None:
    out = StringIO()
    call_command("extract_delegations", str(SAMPLE), "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert [(row["source_provision"], row["provisions"], row["assignee"]) for row in printed] == [
        ("art_4__cl_2", ["art_4__cl_1__pt_d"], "Bộ trưởng Bộ Tư pháp"),
        ("art_5__cl_3", ["art_5__cl_3"], "Chính phủ"),
        ("art_6__cl_3", ["art_6__cl_1", "art_6__cl_2"], "Chính phủ"),
        ("art_7__cl_2", ["art_7__cl_2"], "Thủ tướng Chính phủ"),
        ("art_8__cl_2", ["art_8__cl_2"], "Hội đồng nhân dân cấp tỉnh"),
        ("art_8__cl_3", ["art_8__cl_1"], "Bộ trưởng Bộ Tài chính"),
        ("art_10", ["art_5", "art_7"], "Chính phủ"),
        ("art_10", ["body"], "Bộ trưởng Bộ Tư pháp"),
    ]
    assert set(printed[0]) == {
        "provisions",
        "assignee",
        "expected_type",
        "text",
        "source_provision",
        "verb",
    }


def test_the_detailing_debt_on_the_bottlenecks_page(
    world: Any, law_with_proposals: tuple[Any, list[DetailingObligation]]
) -> None:
    from tuphap.legislation.documents import bottlenecks

    _law, proposed = law_with_proposals
    _confirm_all(world.users["ministry_specialist"], proposed)
    moment = datetime.datetime(
        2027, 1, 15, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
    )
    (finding,) = bottlenecks.detailing_debt(None, moment)
    groups = selectors.overdue_by_assignee(D(2027, 1, 15))
    assert finding.count == sum(group.count for group in groups) > 0
    assert [line.label for line in finding.lines] == [group.assignee for group in groups][:5]
    assert finding.days == max(group.oldest_days for group in groups)
    assert finding.last_year == 0  # nothing was due in January 2026
    assert "on=2027-01-15" in finding.url
