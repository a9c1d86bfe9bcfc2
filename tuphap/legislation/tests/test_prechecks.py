from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from tuphap.legislation.checking import prechecks
from tuphap.legislation.checking import selectors as checking_selectors
from tuphap.legislation.checking.prechecks import Result
from tuphap.legislation.documents import numbering, services
from tuphap.legislation.documents.models import DocumentType, ValidityStatus

D = datetime.date

CIRCULAR_TEXT = """BỘ TƯ PHÁP
THÔNG TƯ
Quy định chi tiết một số điều của Luật Hòa giải trực tuyến

Căn cứ Luật Hòa giải trực tuyến số 91/2026/QH15;
Căn cứ Nghị định số 39/2022/NĐ-CP ngày 18 tháng 6 năm 2022 của Chính phủ quy định chức năng,
nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Tư pháp;
Theo đề nghị của Cục trưởng Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý;
Bộ trưởng Bộ Tư pháp ban hành Thông tư quy định chi tiết một số điều của Luật Hòa giải trực tuyến.

Điều 1. Phạm vi điều chỉnh
Thông tư này quy định chi tiết khoản 3 Điều 6 của Luật Hòa giải trực tuyến.
Điều 2. Hiệu lực thi hành
1. Thông tư này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2027.
2. Thông tư số 10/2019/TT-BTP ngày 30 tháng 12 năm 2019 hết hiệu lực kể từ ngày
Thông tư này có hiệu lực thi hành.
"""


# -- a. competence --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_type", "issuer", "place", "result"),
    [
        (DocumentType.LAW, "Quốc hội", None, Result.PASSED),
        (DocumentType.LAW, "Chính phủ", None, Result.FAILED),
        (DocumentType.ORDINANCE, "Ủy ban Thường vụ Quốc hội", None, Result.PASSED),
        (DocumentType.DECREE, "Chính phủ", None, Result.PASSED),
        (DocumentType.DECREE, "Thủ tướng Chính phủ", None, Result.FAILED),
        (DocumentType.PM_DECISION, "Thủ tướng Chính phủ", None, Result.PASSED),
        (DocumentType.CIRCULAR, "Bộ trưởng Bộ Tư pháp", None, Result.PASSED),
        (DocumentType.CIRCULAR, "Thống đốc Ngân hàng Nhà nước Việt Nam", None, Result.PASSED),
        (DocumentType.CIRCULAR, "Ủy ban nhân dân tỉnh Nghệ An", None, Result.FAILED),
        (DocumentType.JOINT_CIRCULAR, "Bộ Tư pháp - Bộ Tài chính", None, Result.PASSED),
        (DocumentType.JOINT_CIRCULAR, "Bộ Tư pháp", None, Result.FAILED),
        (
            DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
            "Hội đồng nhân dân tỉnh Nghệ An",
            "Tỉnh Nghệ An",
            Result.PASSED,
        ),
        (
            DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
            "Ủy ban nhân dân tỉnh Nghệ An",
            "Tỉnh Nghệ An",
            Result.FAILED,
        ),
        (
            DocumentType.PROVINCIAL_COMMITTEE_DECISION,
            "Ủy ban nhân dân tỉnh Hà Tĩnh",
            "Tỉnh Nghệ An",
            Result.FAILED,
        ),
        (
            DocumentType.COMMUNE_COMMITTEE_DECISION,
            "Ủy ban nhân dân phường Trường Vinh",
            "Phường Trường Vinh",
            Result.PASSED,
        ),
        (
            DocumentType.COMMUNE_COUNCIL_RESOLUTION,
            "Hội đồng nhân dân tỉnh Nghệ An",
            "Phường Trường Vinh",
            Result.FAILED,
        ),
    ],
    ids=[
        "law-assembly",
        "law-government",
        "ordinance-committee",
        "decree-government",
        "decree-prime-minister",
        "pm-decision",
        "circular-minister",
        "circular-state-bank",
        "circular-province",
        "joint-two-ministries",
        "joint-one-ministry",
        "council-resolution",
        "council-resolution-by-committee",
        "decision-other-province",
        "commune-decision",
        "commune-resolution-by-province",
    ],
)
def test_competence(doc_type: str, issuer: str, place: str | None, result: Result) -> None:
    finding = prechecks.competence(doc_type=doc_type, issuer=issuer, place_name=place)

    assert finding.code == "competence"
    assert finding.result is result
    assert "Luật 64/2025/QH15 Art. 4" in finding.explanation["en"]


def test_competence_explains_who_may_issue() -> None:
    finding = prechecks.competence(doc_type=DocumentType.DECREE, issuer="Thủ tướng Chính phủ")

    assert finding.explanation["en"] == (
        "Thủ tướng Chính phủ may not issue a Decree: only the Government may issue one "
        "(Luật 64/2025/QH15 Art. 4 [U: list of the article])."
    )


def test_competence_names_the_place_of_a_local_body() -> None:
    finding = prechecks.competence(
        doc_type=DocumentType.PROVINCIAL_COMMITTEE_DECISION,
        issuer="Ủy ban nhân dân tỉnh Hà Tĩnh",
        place_name="Tỉnh Nghệ An",
    )

    assert finding.explanation["en"].startswith(
        "Ủy ban nhân dân tỉnh Hà Tĩnh is not a body of Tỉnh Nghệ An"
    )


# -- b. number and symbol -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_type", "number", "issuer", "signed", "result", "words"),
    [
        (
            DocumentType.CIRCULAR,
            "05/2024/TT-BTP",
            "Bộ trưởng Bộ Tư pháp",
            D(2024, 5, 10),
            Result.PASSED,
            "05/2024/TT-BTP is well formed",
        ),
        (
            DocumentType.CIRCULAR,
            "05/2024/TT-BTP",
            "Bộ trưởng Bộ Tư pháp",
            D(2025, 1, 3),
            Result.FAILED,
            "The year in 05/2024/TT-BTP (2024) is not the year the document was signed "
            "(03/01/2025)",
        ),
        (
            DocumentType.CIRCULAR,
            "05/2024/NĐ-CP",
            "Bộ trưởng Bộ Tư pháp",
            D(2024, 5, 10),
            Result.FAILED,
            "The symbol of 05/2024/NĐ-CP is not the symbol of a Circular",
        ),
        (
            DocumentType.DECREE,
            "120/2025/NĐ-CP",
            "Thủ tướng Chính phủ",
            D(2025, 6, 11),
            Result.FAILED,
            "stands for Chính phủ, but the document was issued by Thủ tướng Chính phủ",
        ),
        (
            DocumentType.CIRCULAR,
            "05/2024/TT-BTC",
            "Bộ trưởng Bộ Tư pháp",
            D(2024, 5, 10),
            Result.FAILED,
            "stands for Bộ Tài chính",
        ),
        (
            DocumentType.JOINT_CIRCULAR,
            "02/2024/TTLT-BTP-BTC",
            "Bộ Tư pháp - Bộ Tài chính",
            D(2024, 5, 10),
            Result.PASSED,
            "well formed",
        ),
        (
            DocumentType.LAW,
            "64/2025/QH14",
            "Quốc hội",
            D(2025, 2, 19),
            Result.FAILED,
            "names the legislature QH14, whose term runs from 2016 to 2021, not in 2025",
        ),
        (
            DocumentType.LAW,
            "64/2025/QH15",
            "Quốc hội",
            D(2025, 2, 19),
            Result.PASSED,
            "well formed",
        ),
        (
            DocumentType.CIRCULAR,
            "5/2024/TT",
            "Bộ trưởng Bộ Tư pháp",
            D(2024, 5, 10),
            Result.FAILED,
            "is malformed: The issuer code after TT- in '5/2024/TT' is missing or malformed.",
        ),
        (
            DocumentType.PROVINCIAL_COMMITTEE_DECISION,
            "18/2026/QĐ-UBND",
            "Hội đồng nhân dân tỉnh Nghệ An",
            D(2026, 4, 2),
            Result.FAILED,
            "stands for Ủy ban nhân dân",
        ),
    ],
    ids=[
        "circular-ok",
        "year-differs",
        "decree-symbol-on-circular",
        "decree-by-prime-minister",
        "other-ministry-code",
        "joint-ok",
        "legislature-term",
        "law-ok",
        "malformed",
        "committee-symbol-by-council",
    ],
)
def test_number(
    doc_type: str, number: str, issuer: str, signed: datetime.date, result: Result, words: str
) -> None:
    finding = prechecks.number(
        doc_type=doc_type, number_text=number, issuer=issuer, signed_on=signed
    )

    assert finding.result is result
    assert words in finding.explanation["en"]


def test_dashes_and_the_minister_title_do_not_hide_the_ministry() -> None:
    finding = prechecks.number(
        doc_type=DocumentType.CIRCULAR,
        number_text="11/2024/TT-BLĐTBXH",
        issuer="Bộ trưởng Bộ Lao động – Thương binh và Xã hội",
        signed_on=D(2024, 9, 5),
    )

    assert finding.result is Result.PASSED


def test_an_issuer_code_not_in_the_table_is_not_a_failure() -> None:
    finding = prechecks.number(
        doc_type=DocumentType.CIRCULAR,
        number_text="07/2026/TT-BXYZ",
        issuer="Bộ trưởng Bộ Mới",
        signed_on=D(2026, 2, 1),
    )

    assert finding.result is Result.PASSED


# -- c. effective date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_type", "signed", "effective", "result"),
    [
        (DocumentType.CIRCULAR, D(2026, 3, 1), D(2026, 4, 15), Result.PASSED),
        (DocumentType.CIRCULAR, D(2026, 3, 1), D(2026, 4, 14), Result.FAILED),
        (DocumentType.DECREE, D(2025, 12, 20), D(2026, 2, 3), Result.PASSED),
        (DocumentType.DECREE, D(2025, 12, 20), D(2026, 2, 2), Result.FAILED),
        (DocumentType.PROVINCIAL_COUNCIL_RESOLUTION, D(2026, 3, 1), D(2026, 3, 11), Result.PASSED),
        (DocumentType.PROVINCIAL_COUNCIL_RESOLUTION, D(2026, 3, 1), D(2026, 3, 10), Result.FAILED),
        (DocumentType.COMMUNE_COMMITTEE_DECISION, D(2026, 2, 25), D(2026, 3, 7), Result.PASSED),
    ],
    ids=[
        "central-45th-day",
        "central-44th-day",
        "central-over-new-year",
        "central-one-day-short",
        "local-10th-day",
        "local-9th-day",
        "commune-10th-day",
    ],
)
def test_effective_date_minimum(
    doc_type: str, signed: datetime.date, effective: datetime.date, result: Result
) -> None:
    finding = prechecks.effective_date(doc_type=doc_type, signed_on=signed, effective_on=effective)

    assert finding.result is result
    assert "Luật 64/2025/QH15 Art. 53" in finding.explanation["en"]


def test_a_short_effective_date_is_explained_with_the_earliest_date() -> None:
    finding = prechecks.effective_date(
        doc_type=DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
        signed_on=D(2026, 3, 1),
        effective_on=D(2026, 3, 5),
    )

    assert finding.explanation["en"] == (
        "Signed on 01/03/2026, the document takes effect on 05/03/2026, 4 days later: a local "
        "document takes effect no earlier than 10 days after signing, here 11/03/2026 "
        "(Luật 64/2025/QH15 Art. 53)."
    )


def test_the_shortened_procedure_makes_the_minimum_not_applicable() -> None:
    finding = prechecks.effective_date(
        doc_type=DocumentType.CIRCULAR,
        signed_on=D(2026, 3, 1),
        effective_on=D(2026, 3, 1),
        shortened_procedure=True,
    )

    assert finding.result is Result.NOT_APPLICABLE
    assert "shortened or special procedure" in finding.explanation["en"]


def test_a_provision_with_an_early_own_date_fails() -> None:
    finding = prechecks.effective_date(
        doc_type=DocumentType.CIRCULAR,
        signed_on=D(2026, 3, 1),
        effective_on=D(2026, 7, 1),
        provision_dates={"art_3": D(2026, 3, 20), "art_4": D(2026, 8, 1)},
    )

    assert finding.result is Result.FAILED
    assert finding.details == ({"provision": "art_3", "effective_on": "2026-03-20"},)


# -- d. citations ---------------------------------------------------------------------------------


def test_citations_are_extracted_once_each_with_the_legal_basis_marked() -> None:
    cited = prechecks.extract_citations(CIRCULAR_TEXT, own_number="03/2027/TT-BTP")

    assert [(str(item.number), item.in_preamble) for item in cited] == [
        ("91/2026/QH15", True),
        ("39/2022/NĐ-CP", True),
        ("10/2019/TT-BTP", False),
    ]


def test_the_document_does_not_cite_itself() -> None:
    cited = prechecks.extract_citations(
        "Số: 10/2019/TT-BTP\nThông tư số 10/2019/TT-BTP quy định…", own_number="10/2019/TT-BTP"
    )

    assert cited == []


class FakeRegister:
    def __init__(self, statuses: Mapping[str, str | None]) -> None:
        self.statuses = statuses
        self.asked: list[tuple[list[str], datetime.date]] = []

    def find(
        self,
        numbers: Sequence[numbering.DocumentNumber],
        *,
        day: datetime.date,
        place_id: int | None,
    ) -> Mapping[numbering.DocumentNumber, list[prechecks.CitedDocument]]:
        self.asked.append(([str(number) for number in numbers], day))
        return {
            number: [
                prechecks.CitedDocument(index, str(number), "Văn bản", self.statuses[str(number)])
            ]
            for index, number in enumerate(numbers)
            if str(number) in self.statuses
        }


def _citations(statuses: Mapping[str, str | None], text: str = CIRCULAR_TEXT) -> Any:
    register = FakeRegister(statuses)
    finding = prechecks.citations(
        text=text, own_number="03/2027/TT-BTP", effective_on=D(2027, 7, 1), register=register
    )
    return finding, register


def test_citations_in_force_pass_and_numbers_not_in_the_register_are_reported() -> None:
    finding, register = _citations(
        {"91/2026/QH15": ValidityStatus.IN_FORCE, "39/2022/NĐ-CP": ValidityStatus.PARTLY_EXPIRED}
    )

    assert register.asked == [(["91/2026/QH15", "39/2022/NĐ-CP", "10/2019/TT-BTP"], D(2027, 7, 1))]
    assert finding.result is Result.PASSED
    assert [(item["number"], item["outcome"]) for item in finding.details] == [
        ("91/2026/QH15", "passed"),
        ("39/2022/NĐ-CP", "passed"),
        ("10/2019/TT-BTP", "not_found"),
    ]
    assert finding.details[2]["explanation"]["en"] == (
        "10/2019/TT-BTP is not found in the register; check it by hand."
    )


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (ValidityStatus.WHOLLY_EXPIRED, "wholly expired"),
        (ValidityStatus.SUSPENDED, "suspended"),
        (ValidityStatus.NOT_YET_IN_FORCE, "not yet in force"),
        (None, "not yet in force"),
    ],
    ids=["expired", "suspended", "not-yet-in-force", "not-yet-signed"],
)
def test_a_citation_not_in_force_on_the_effective_date_fails(
    status: str | None, label: str
) -> None:
    finding, _register = _citations(
        {"91/2026/QH15": ValidityStatus.IN_FORCE, "39/2022/NĐ-CP": status}
    )

    assert finding.result is Result.FAILED
    assert finding.details[1]["outcome"] == "failed"
    assert finding.details[1]["explanation"]["en"] == (
        f"39/2022/NĐ-CP is {label} on 01/07/2027, the effective date: it cannot be relied on."
    )
    assert (
        "39/2022/NĐ-CP are not in force on the effective date 01/07/2027"
        in (finding.explanation["en"])
    )


def test_no_citation_is_not_applicable() -> None:
    finding, register = _citations({}, text="Điều 1. Phạm vi\nQuy định chung.\n")

    assert finding.result is Result.NOT_APPLICABLE
    assert register.asked == []


def test_citations_none_of_which_is_registered_are_not_applicable() -> None:
    finding, _register = _citations({})

    assert finding.result is Result.NOT_APPLICABLE
    assert {item["outcome"] for item in finding.details} == {"not_found"}


# -- d. with the database register ----------------------------------------------------------------


def test_the_database_register_reads_the_status_on_the_effective_date(world: Any) -> None:
    actor = world.users["ministry_specialist"]
    old = services.document_create(
        actor=actor,
        doc_type=DocumentType.CIRCULAR,
        number="10/2019/TT-BTP",
        issuer="Bộ trưởng Bộ Tư pháp",
        signed_on=D(2019, 12, 30),
        effective_on=D(2020, 2, 15),
        title="Thông tư quy định về tiêu chuẩn chức danh",
        text="Điều 1. Phạm vi\nQuy định chung.\n",
    )
    services.document_set_validity(
        actor=actor, document=old, status=ValidityStatus.WHOLLY_EXPIRED, occurred_on=D(2027, 1, 1)
    )
    register = checking_selectors.DatabaseRegister()

    before = prechecks.citations(
        text=CIRCULAR_TEXT,
        own_number="03/2027/TT-BTP",
        effective_on=D(2026, 12, 31),
        register=register,
    )
    after = prechecks.citations(
        text=CIRCULAR_TEXT,
        own_number="03/2027/TT-BTP",
        effective_on=D(2027, 7, 1),
        register=register,
    )

    assert (before.result, before.details[2]["status"]) == (Result.PASSED, "in_force")
    assert (after.result, after.details[2]["status"]) == (Result.FAILED, "wholly_expired")
    assert after.details[2]["document_id"] == old.pk


def test_the_database_register_narrows_a_shared_local_number_to_the_place(world: Any) -> None:
    actor = world.users["ministry_specialist"]
    for place, name in ((world.nghe_an, "Nghệ An"), (world.ha_tinh, "Hà Tĩnh")):
        services.document_create(
            actor=actor,
            doc_type=DocumentType.PROVINCIAL_COUNCIL_RESOLUTION,
            number="15/2025/NQ-HĐND",
            issuer=f"Hội đồng nhân dân tỉnh {name}",
            signed_on=D(2025, 7, 10),
            effective_on=D(2025, 7, 25),
            title=f"Nghị quyết của tỉnh {name}",
            text="Điều 1. Phạm vi\nQuy định chung.\n",
            place=place,
        )
    number = numbering.parse_number("15/2025/NQ-HĐND")

    found = checking_selectors.DatabaseRegister().find(
        [number], day=D(2026, 1, 1), place_id=world.ha_tinh.pk
    )
    unplaced = checking_selectors.DatabaseRegister().find(
        [number], day=D(2026, 1, 1), place_id=None
    )

    assert [item.title for item in found[number]] == ["Nghị quyết của tỉnh Hà Tĩnh"]
    assert len(unplaced[number]) == 2
