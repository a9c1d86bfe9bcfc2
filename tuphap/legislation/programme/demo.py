"""Demo: the 2026 law-making programme (eight items: adopted, submitted, in progress, planned,
postponed, withdrawn) with proposals and drafts in various states, one appraisal overdue.
Fictitious numbers and titles marked "(ví dụ)". Runs after the legal documents (step 60) so that
an item is adopted as the demo's Luật Hòa giải trực tuyến."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from tuphap.accounts import services as account_services
from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.core.demo import Output, step
from tuphap.legislation.documents.models import Document
from tuphap.legislation.programme import workflow
from tuphap.legislation.programme.models import Conclusion, ItemKind, Programme
from tuphap.legislation.programme.services import appraisal
from tuphap.legislation.programme.services import items as programme

D = datetime.date
YEAR = 2026

CENTRAL_BODIES = [
    ("BTC", "Bộ Tài chính", "Ministry of Finance"),
    ("BCA", "Bộ Công an", "Ministry of Public Security"),
    ("BYT", "Bộ Y tế", "Ministry of Health"),
    ("BXD", "Bộ Xây dựng", "Ministry of Construction"),
    ("BKHCN", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology"),
]
APPRAISING_UNIT = (
    "BTP-VXDPL",
    "Vụ Các vấn đề chung về xây dựng pháp luật",
    "Department of General Legislative Affairs",
)

PLAIN_LAW = """Điều 1. Phạm vi điều chỉnh
Luật này quy định về thi hành án hành chính.
Điều 2. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2027.
"""


def _agency(code: str, name: str, name_en: str, *, unit_of: Agency | None = None) -> Agency:
    existing = Agency.objects.filter(code=code).first()
    if existing is not None:
        return existing
    return account_services.agency_create(
        actor=None,
        code=code,
        name=name,
        name_en=name_en,
        kind=AgencyKind.MINISTRY_UNIT if unit_of else AgencyKind.CENTRAL_BODY,
        level=AgencyLevel.NATIONAL,
        parent=unit_of,
    )


def _appraise(actor: Any, dossier: Any, requested: D, report: D, *, eligible: bool = True) -> None:
    appraisal.dossier_request_appraisal(actor=actor, detail=dossier, requested_on=requested)
    appraisal.dossier_record_appraisal(
        actor=actor,
        detail=dossier,
        report_reference=f"{dossier.pk}/BC-BTP (ví dụ)",
        conclusion=Conclusion.ELIGIBLE if eligible else Conclusion.NOT_ELIGIBLE,
        report_on=report,
    )


def _open(actor: Any, unit: Agency, register: str, title: str, lead: Agency, **values: Any) -> Any:
    return appraisal.dossier_open(
        actor=actor,
        register=register,
        title=title,
        drafting_agency=lead,
        appraising_unit=unit,
        **{"doc_type": "law", **values},
    )


class _Items:
    """Adds the year's items for one lead agency code at a time."""

    def __init__(self, actor: Any, year: Programme, agencies: dict[str, Agency]) -> None:
        self.actor, self.year, self.agencies = actor, year, agencies

    def __call__(self, title: str, lead: str, month: int, **values: Any) -> Any:
        return programme.item_add(
            actor=self.actor,
            programme=self.year,
            title=title,
            lead_agency=self.agencies[lead],
            legislature=16,
            session=1 if month <= 6 else 2,
            planned_month=month,
            **{"kind": ItemKind.LAW, **values},
        )


def _adopted(actor: Any, item: _Items, agencies: dict[str, Agency], unit: Agency) -> None:
    # 1. Adopted at the first session: the demo corpus's law.
    mediation = item("Luật Hòa giải trực tuyến (ví dụ)", "BTP", 6)
    programme.item_set_progress(actor=actor, item=mediation, status="submitted", on=D(2026, 4, 1))
    law = Document.objects.filter(number="91/2026/QH15").first()
    if law is not None:
        programme.item_mark_adopted(actor=actor, item=mediation, document=law)
    # 2. Adopted through its draft, appraised, submitted, promulgated and published.
    judgment = item("Luật Thi hành án hành chính (ví dụ)", "BTP", 10)
    draft = _open(
        actor,
        unit,
        workflow.DRAFT,
        judgment.title,
        agencies["BTP"],
        item=judgment,
        received_on=D(2026, 6, 1),
    )
    _appraise(actor, draft, D(2026, 6, 15), D(2026, 7, 2))
    appraisal.dossier_submit(
        actor=actor,
        detail=draft,
        submission_reference="310/TTr-CP (ví dụ)",
        submitted_on=D(2026, 8, 20),
    )
    appraisal.dossier_adopt(
        actor=actor,
        detail=draft,
        document_data=appraisal.DocumentData(
            number="97/2026/QH15",
            issuer="Quốc hội",
            signer="Trần Thanh Mẫn",
            signed_on=D(2026, 11, 12),
            effective_on=D(2027, 7, 1),
            text=PLAIN_LAW,
        ),
    )
    appraisal.draft_publish(
        actor=actor,
        draft=draft,
        published_on=D(2026, 11, 25),
        publication="Công báo; Cơ sở dữ liệu quốc gia về pháp luật",
    )


def _under_way(actor: Any, item: _Items, agencies: dict[str, Agency], unit: Agency) -> None:
    # 3. Submitted: appraised on time (Tết in the period), then submitted.
    tax = item("Luật Thuế thu nhập cá nhân (sửa đổi) (ví dụ)", "BTC", 10)
    draft = _open(
        actor,
        unit,
        workflow.DRAFT,
        tax.title,
        agencies["BTC"],
        item=tax,
        received_on=D(2026, 1, 20),
    )
    _appraise(actor, draft, D(2026, 1, 27), D(2026, 2, 23))
    appraisal.dossier_submit(
        actor=actor,
        detail=draft,
        submission_reference="250/TTr-CP (ví dụ)",
        submitted_on=D(2026, 3, 16),
    )
    # 4. In progress, its appraisal overdue (requested 15 October, due 4 November).
    fire = item("Luật Phòng cháy, chữa cháy (sửa đổi) (ví dụ)", "BCA", 12)
    draft = _open(
        actor,
        unit,
        workflow.DRAFT,
        fire.title,
        agencies["BCA"],
        item=fire,
        received_on=D(2026, 10, 1),
    )
    appraisal.dossier_request_appraisal(actor=actor, detail=draft, requested_on=D(2026, 10, 15))
    # 5. In progress, an appraisal running and not yet due.
    science = item("Luật Chuyển giao công nghệ (sửa đổi) (ví dụ)", "BKHCN", 12)
    draft = _open(
        actor,
        unit,
        workflow.DRAFT,
        science.title,
        agencies["BKHCN"],
        item=science,
        received_on=D(2026, 11, 16),
    )
    appraisal.dossier_request_appraisal(actor=actor, detail=draft, requested_on=D(2026, 11, 20))


def _planned_and_stopped(actor: Any, item: _Items) -> None:
    # 6. Planned: an ordinance, drafting not started.
    item("Pháp lệnh Chi phí tố tụng (sửa đổi) (ví dụ)", "BTP", 12, kind=ItemKind.ORDINANCE)
    # 7. Postponed, 8. withdrawn, with their reasons and decisions.
    population = item("Luật Dân số (ví dụ)", "BYT", 10)
    programme.item_postpone(
        actor=actor,
        item=population,
        on=D(2026, 5, 20),
        reason="Cần thêm thời gian tổng kết, đánh giá tác động của chính sách",
        decision_reference="Nghị quyết 95/2026/UBTVQH15 (ví dụ)",
    )
    housing = item(
        "Nghị quyết thí điểm chính sách nhà ở xã hội (ví dụ)",
        "BXD",
        10,
        kind=ItemKind.NA_RESOLUTION,
    )
    programme.item_withdraw(
        actor=actor,
        item=housing,
        on=D(2026, 7, 1),
        reason="Nội dung đã được quy định trong Luật Nhà ở (sửa đổi)",
        decision_reference="Nghị quyết 120/2026/UBTVQH15 (ví dụ)",
    )


def _proposals(actor: Any, agencies: dict[str, Agency], unit: Agency) -> None:
    eligible = _open(
        actor,
        unit,
        workflow.PROPOSAL,
        "Đề nghị xây dựng Luật Quản lý nợ công (sửa đổi) (ví dụ)",
        agencies["BTC"],
        received_on=D(2026, 8, 3),
    )
    _appraise(actor, eligible, D(2026, 8, 7), D(2026, 8, 26))
    returned = _open(
        actor,
        unit,
        workflow.PROPOSAL,
        "Đề nghị xây dựng Luật Y tế cơ sở (ví dụ)",
        agencies["BYT"],
        received_on=D(2026, 9, 7),
    )
    appraisal.dossier_request_appraisal(actor=actor, detail=returned, requested_on=D(2026, 9, 10))
    appraisal.dossier_return(
        actor=actor,
        detail=returned,
        returned_on=D(2026, 9, 14),
        reason="Thiếu báo cáo đánh giá tác động của chính sách",
    )
    late = _open(
        actor,
        unit,
        workflow.PROPOSAL,
        "Đề nghị xây dựng Luật Đô thị (ví dụ)",
        agencies["BXD"],
        received_on=D(2026, 4, 1),
    )
    _appraise(actor, late, D(2026, 4, 10), D(2026, 5, 8), eligible=False)


@step(61)
@transaction.atomic
def law_making_programme(output: Output, show_progress: bool) -> None:
    actor = User.objects.filter(username="demo.bo").first()
    ministry = Agency.objects.filter(code="BTP").first()
    if actor is None or ministry is None or Programme.objects.filter(year=YEAR).exists():
        return
    agencies = {"BTP": ministry}
    for code, name, name_en in CENTRAL_BODIES:
        agencies[code] = _agency(code, name, name_en)
    unit = _agency(*APPRAISING_UNIT, unit_of=ministry)
    year = programme.programme_create(
        actor=actor,
        year=YEAR,
        resolution="Nghị quyết 129/2025/QH15 (ví dụ)",
        adopted_on=D(2025, 6, 27),
    )
    item = _Items(actor, year, agencies)
    _adopted(actor, item, agencies, unit)
    _under_way(actor, item, agencies, unit)
    _planned_and_stopped(actor, item)
    _proposals(actor, agencies, unit)
    output.write(f"  law-making programme {YEAR}: {year.items.count()} items")
