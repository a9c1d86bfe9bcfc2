"""The THAHC demo: a few administrative judgments followed up."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from tuphap.accounts.models import Agency
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.core.demo import Output, step
from tuphap.enforcement.administrative import services
from tuphap.enforcement.administrative.models import AdministrativeJudgment
from tuphap.enforcement.cases.demo import GIVEN, NAMES, office_head, spread_dates

# -- THAHC: a few administrative judgments followed up -------------------------------------------

# (the body that must comply, the obligation, the steps) — each ends in a different state.
ADMINISTRATIVE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Ủy ban nhân dân phường Vinh Phú", "Hủy Quyết định thu hồi đất số 112/QĐ-UBND", ()),
    (
        "Ủy ban nhân dân tỉnh Nghệ An",
        "Cấp giấy chứng nhận quyền sử dụng đất cho người khởi kiện",
        ("notify",),
    ),
    (
        "Sở Tài nguyên và Môi trường tỉnh Nghệ An",
        "Bồi thường, hỗ trợ khi thu hồi đất theo bản án",
        ("notify", "urge"),
    ),
    (
        "Ủy ban nhân dân phường Trường Vinh",
        "Hủy Quyết định xử phạt vi phạm hành chính số 45/QĐ-XPVPHC",
        ("notify", "urge", "record_compulsion"),
    ),
    (
        "Ủy ban nhân dân xã Nghi Xuân",
        "Bồi thường thiệt hại do quyết định hành chính trái pháp luật",
        ("notify", "record_compulsion", "meet"),
    ),
    (
        "Chi cục Thuế khu vực Nghệ An",
        "Hủy Quyết định ấn định thuế và hoàn trả số tiền đã nộp",
        ("notify", "urge", "record_compulsion", "meet", "report"),
    ),
    (
        "Ủy ban nhân dân xã Hưng Nguyên",
        "Cấp phép xây dựng theo bản án",
        ("notify", "complete"),
    ),
    ("Ủy ban nhân dân xã Nghi Lộc", "Hủy quyết định cưỡng chế", ("notify", "urge", "close_other")),
)


def _administrative_work(output: Output, rng: random.Random, today: datetime.date) -> int:
    office = Agency.objects.filter(code="THADS-40-KV1").first()
    if office is None:
        output.write("  no office THADS-40-KV1: no administrative judgments")
        return 0
    if AdministrativeJudgment.objects.filter(agency=office).exists():
        output.write("  THADS-40-KV1 already follows up administrative judgments")
        return 0
    head = office_head("40", office)
    communes = list(office.jurisdiction.order_by("code"))
    first_day = datetime.date(2025, 7, 1)
    for index, (body, obligation, steps) in enumerate(ADMINISTRATIVE, start=1):
        received = first_day + datetime.timedelta(
            days=rng.randint(0, max((today - first_day).days - 60, 1))
        )
        issued = received - datetime.timedelta(days=rng.randint(40, 120))
        detail = services.administrative_open(
            actor=head,
            place=rng.choice(communes),
            data=services.AdministrativeData(
                court_name="Tòa án nhân dân tỉnh Nghệ An",
                number=f"{index}/{issued.year}/HC-ST",
                issued_on=issued,
                effective_on=issued + datetime.timedelta(days=30),
                received_on=received,
                body_name=body,
                obligation=obligation,
                obligee_name=f"{rng.choice(NAMES)} {rng.choice(GIVEN)}",
            ),
            assignee=head,
        )
        for name, day in zip(steps, spread_dates(rng, received, today, len(steps)), strict=True):
            services.administrative_transition(
                actor=head,
                case=Case.objects.get(pk=detail.case_id),
                transition=name,
                decided_on=day,
                compulsion_number=f"{index}/{day.year}/QĐ-BTHA"
                if name == "record_compulsion"
                else "",
            )
    return len(ADMINISTRATIVE)


@step(51)
@transaction.atomic
def administrative_judgments(output: Output, show_progress: bool) -> None:
    rng = random.Random(2027)  # noqa: S311 - reproducible demo data, not a secret
    today = case_deadlines.local_date(timezone.now())
    total = _administrative_work(output, rng, today)
    if total:
        output.write(f"  {total} administrative judgments followed up")


def administrative_states_present() -> dict[str, int]:
    counts: dict[str, int] = {}
    cases = Case.objects.filter(register="enforcement.administrative")
    for state in cases.values_list("state", flat=True):
        counts[state] = counts.get(state, 0) + 1
    return counts
