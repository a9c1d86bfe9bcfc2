"""The legislation indicators, through the rollup refresh and the report (ADR 0010): central
documents at central level, local ones on their issuer; by type, with the identities."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db.models import F

from tuphap.legislation.documents import indicators, services
from tuphap.legislation.documents.models import DocumentType
from tuphap.legislation.tests import factories
from tuphap.statistics import selectors
from tuphap.statistics import services as statistics_services
from tuphap.statistics.models import Rollup
from tuphap.statistics.registry import registry

D = datetime.date

RESOLUTION = """Điều 1. Mức hỗ trợ
1. Mức hỗ trợ chi phí hòa giải là 500.000 đồng một vụ việc.
2. Ủy ban nhân dân cấp tỉnh quy định chi tiết khoản 1 Điều này.
Điều 2. Hiệu lực thi hành
Nghị quyết này có hiệu lực từ ngày 15 tháng 7 năm 2026.
"""


def _local(world: Any, number: str, doc_type: str, signed: D, effective: D, text: str) -> Any:
    return services.document_create(
        actor=world.users["provincial_specialist"],
        doc_type=doc_type,
        number=number,
        issuer="Tỉnh Nghệ An",
        signed_on=signed,
        effective_on=effective,
        title="Văn bản của tỉnh Nghệ An",
        text=text,
        place=world.nghe_an,
    )


def _local_register(world: Any) -> None:
    """A provincial council resolution delegating to the provincial committee (due 15 July
    2026), confirmed, and the committee's decision signed after the due date (late)."""
    actor = world.users["provincial_specialist"]
    resolution = _local(
        world,
        "15/2026/NQ-HĐND",
        DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
        D(2026, 7, 1),
        D(2026, 7, 15),
        RESOLUTION,
    )
    (obligation,) = services.obligations_propose(actor=actor, document=resolution)
    assert (obligation.assignee_text, obligation.expected_type, obligation.due_on) == (
        "Ủy ban nhân dân cấp tỉnh",
        "provincial_committee_decision",
        D(2026, 7, 15),
    )
    services.obligation_confirm(actor=actor, obligation=obligation)
    decision = _local(
        world,
        "20/2026/QĐ-UBND",
        DocumentType.PROVINCIAL_COMMITTEE_DECISION,
        D(2026, 8, 20),
        D(2026, 9, 1),
        "Điều 1. Quy định chi tiết\nNội dung.\n",
    )
    services.obligation_fulfil(actor=actor, obligation=obligation, detailing_document=decision)


def _central_register(world: Any) -> None:
    """The sample law (signed June 2026, in force 1 January 2027) with three of its proposals
    confirmed: Art. 5 detailed on time by a decree, Art. 4 late by the ministry's circular, and
    Art. 8 cl. 3 (the Minister of Finance) never."""
    actor = world.users["ministry_specialist"]
    law = factories.sample_law(actor)
    proposals = {
        row.source_provision: row for row in services.obligations_propose(actor=actor, document=law)
    }
    decree = factories.detailing(
        actor, "120/2026/NĐ-CP", signed_on=D(2026, 12, 20), effective_on=D(2027, 1, 1)
    )
    circular = factories.detailing(
        actor,
        "05/2027/TT-BTP",
        signed_on=D(2027, 2, 10),
        effective_on=D(2027, 3, 1),
        doc_type=DocumentType.CIRCULAR,
        issuer="Bộ Tư pháp",
        title="Thông tư quy định chi tiết",
    )
    on_time = services.obligation_confirm(actor=actor, obligation=proposals["art_5__cl_3"])
    late = services.obligation_confirm(
        actor=actor, obligation=proposals["art_4__cl_2"], assignee_agency=world.ministry
    )
    services.obligation_confirm(actor=actor, obligation=proposals["art_8__cl_3"])
    services.obligation_fulfil(actor=actor, obligation=on_time, detailing_document=decree)
    services.obligation_fulfil(actor=actor, obligation=late, detailing_document=circular)


@pytest.fixture
def refreshed(world: Any) -> Any:
    _local_register(world)
    _central_register(world)
    codes = [indicator.code for indicator in indicators.INDICATORS if indicator.is_stored]
    statistics_services.rollup_refresh(
        actor=None, indicators=codes, first_month=D(2026, 1, 1), last_month=D(2027, 12, 1)
    )
    return world


def _rows(code: str) -> list[tuple[Any, ...]]:
    return list(
        Rollup.objects.filter(indicator=code)
        .order_by("month", F("place_id").asc(nulls_first=True))
        .values_list("month", "place_id", "agency_id", "value")
    )


def _report(period: str, codes: list[str], level: str = "nation") -> Any:
    query = selectors.report_query_parse(indicators=codes, period=period, level=level)
    return selectors.report_national(query)


def _values(report: Any) -> dict[tuple[str, str | None], Any]:
    return {(row["indicator"], row["place"]): row["value"] for row in report.rows}


def test_documents_are_central_rows_or_on_their_issuer(refreshed: Any) -> None:
    ministry, nghe_an = refreshed.ministry.pk, refreshed.nghe_an.pk

    assert _rows(indicators.DOCUMENTS) == [
        (D(2026, 6, 1), None, None, 1),  # the law, by the National Assembly (not an agency)
        (D(2026, 7, 1), nghe_an, None, 1),
        (D(2026, 8, 1), nghe_an, None, 1),
        (D(2026, 12, 1), None, None, 1),  # the decree
        (D(2027, 2, 1), None, ministry, 1),  # the circular of the ministry, an agency
    ]
    assert _rows(indicators.type_code(DocumentType.CIRCULAR)) == [
        (D(2027, 2, 1), None, ministry, 1)
    ]
    assert _rows(indicators.LOCAL_DOCUMENTS) == [
        (D(2026, 7, 1), nghe_an, None, 1),
        (D(2026, 8, 1), nghe_an, None, 1),
    ]


def test_documents_by_type_and_level_in_the_report(refreshed: Any) -> None:
    codes = [
        indicators.DOCUMENTS,
        indicators.CENTRAL_DOCUMENTS,
        indicators.LOCAL_DOCUMENTS,
        *(indicators.type_code(doc_type) for doc_type in DocumentType.values),
    ]

    national = _report("2026", codes)
    provinces = _report("2026", codes, "province")

    by_type = {indicators.type_code(t): 0 for t in DocumentType.values}
    assert _values(national) == {
        (indicators.DOCUMENTS, None): 4,
        (indicators.CENTRAL_DOCUMENTS, None): 2,
        (indicators.LOCAL_DOCUMENTS, None): 2,
        **{(code, None): value for code, value in by_type.items()},
        (indicators.type_code(DocumentType.LAW), None): 1,
        (indicators.type_code(DocumentType.DECREE), None): 1,
        (indicators.type_code(DocumentType.PROVINCIAL_COUNCIL_RESOLUTION), None): 1,
        (indicators.type_code(DocumentType.PROVINCIAL_COMMITTEE_DECISION), None): 1,
    }
    total = [row for row in provinces.rows if row["indicator"] == indicators.DOCUMENTS]
    assert [(row["place"], row["place_name"], row["value"]) for row in total] == [
        (None, "Central level", 2),
        ("40", "Tỉnh Nghệ An", 2),
    ]
    # the three identities are checked on every row and balance
    assert {identity.code for identity in registry.identities_for(codes)} == {
        "legislation.documents.by_level",
        "legislation.documents.central_by_type",
        "legislation.documents.local_by_type",
    }
    assert national.failures == []
    assert provinces.failures == []


def test_a_provincial_user_sees_only_their_documents(refreshed: Any) -> None:
    query = selectors.report_query_parse(indicators=[indicators.DOCUMENTS], period="2026")

    report = selectors.report_for_user(refreshed.users["provincial_specialist"], query)

    assert [(row["place"], row["value"]) for row in report.rows] == [("40", 2)]


def test_obligations_central_and_local(refreshed: Any) -> None:
    codes = [f"{indicators.OBLIGATIONS}.{name}" for name in ("due", "on_time", "late")]
    codes += [f"{indicators.OBLIGATIONS}.outstanding", f"{indicators.OBLIGATIONS}.on_time_rate"]
    due, _on_time, late, outstanding, _rate = codes

    year_2026 = _values(_report("2026", codes))
    year_2027 = _values(_report("2027", codes))
    january, february = _values(_report("2027M01", codes)), _values(_report("2027M02", codes))
    july_2026 = _values(_report("2026M07", codes))
    provinces = _report("2027", [due], "province")

    # 2026: the local resolution's obligation, fulfilled late, outstanding at the end of July
    assert [year_2026[(code, None)] for code in codes] == [1, 0, 1, 0, 0.0]
    assert july_2026[(outstanding, None)] == 1
    # 2027: the law's three, one on time, one late, one still outstanding at the year's end
    assert [year_2027[(code, None)] for code in codes] == [3, 1, 1, 1, 33.33]
    # the ministry's circular came in February: two outstanding at the end of January, one after
    assert (january[(outstanding, None)], february[(outstanding, None)]) == (2, 1)
    assert [(row["place"], row["value"], row["previous"]) for row in provinces.rows] == [
        (None, 3, 0),
        ("40", 0, 1),
    ]
    # the obligation assigned to the ministry carries its agency
    assert _rows(late) == [
        (D(2026, 7, 1), refreshed.nghe_an.pk, None, 1),
        (D(2027, 1, 1), None, refreshed.ministry.pk, 1),
    ]
