"""The data sets tuphap ships (loaded by ``manage.py load_aggregate_forms`` and by the demo;
an administrator edits them afterwards in the admin, no deploy needed).

Fields follow TT 03/2019/TT-BTP Art. 1(2) (domain reference §10: lawyers, notaries, forensic
experts, auctions, arbitration, nationality, authentication, adoption, criminal records, secured
transactions, the sector's organisation) and the Justice Statistical Yearbook's groups (mutual
legal assistance). The official forms' numbers and columns were not available to us (domain
reference §13): every element below is **designed** [D] and marked so; the deadlines are [U].
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tuphap.accounts.models import AgencyKind
from tuphap.core import audit
from tuphap.statistics.aggregate.models import (
    CategoryCombo,
    CategoryOption,
    DataElement,
    DataSet,
    ValidationRule,
)

COMBOS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "sex": ("Theo giới tính", [("male", "Nam"), ("female", "Nữ")]),
    "law_org": (
        "Theo loại tổ chức hành nghề luật sư",
        [("law_office", "Văn phòng luật sư"), ("law_company", "Công ty luật")],
    ),
    "notary_org": (
        "Theo loại tổ chức hành nghề công chứng",
        [("public_office", "Phòng công chứng"), ("private_office", "Văn phòng công chứng")],
    ),
    "auction_org": (
        "Theo loại tổ chức đấu giá tài sản",
        [("centre", "Trung tâm dịch vụ đấu giá"), ("enterprise", "Doanh nghiệp đấu giá")],
    ),
    "expertise": (
        "Theo lĩnh vực giám định",
        [
            ("medicine", "Pháp y"),
            ("psychiatry", "Pháp y tâm thần"),
            ("technique", "Kỹ thuật hình sự"),
            ("other", "Lĩnh vực khác"),
        ],
    ),
    "nationality": (
        "Theo loại việc quốc tịch",
        [
            ("naturalise", "Nhập quốc tịch"),
            ("restore", "Trở lại quốc tịch"),
            ("renounce", "Thôi quốc tịch"),
        ],
    ),
    "authentication": (
        "Theo loại việc chứng thực",
        [
            ("copies", "Bản sao từ bản chính"),
            ("signatures", "Chữ ký"),
            ("contracts", "Hợp đồng, giao dịch"),
        ],
    ),
    "record_form": ("Theo loại phiếu", [("form1", "Phiếu số 1"), ("form2", "Phiếu số 2")]),
    "registration": (
        "Theo loại đăng ký",
        [
            ("initial", "Đăng ký lần đầu"),
            ("change", "Đăng ký thay đổi"),
            ("deletion", "Xóa đăng ký"),
        ],
    ),
}

# element: (code, name, combo or None, time, section)
Element = tuple[str, str, str | None, str, str]
# rule: (code, kind, left, right, threshold, message)
Rule = tuple[str, str, str, str, int | None, str]

TT03 = "TT 03/2019/TT-BTP Điều 1 khoản 2 (lĩnh vực); chỉ tiêu do tuphap thiết kế [D]"

DATA_SETS: list[dict[str, Any]] = [
    {
        "code": "lawyers",
        "name": "Luật sư và tổ chức hành nghề luật sư",
        "name_en": "Lawyers and law practice organisations",
        "period_type": "half",
        "deadline_days": 15,
        "reporting_level": "province",
        "reporter_kind": AgencyKind.DEPARTMENT_OF_JUSTICE,
        "elements": [
            ("lawyers", "Số luật sư", "sex", "stock", "Tổ chức và nhân sự"),
            ("orgs", "Số tổ chức hành nghề luật sư", "law_org", "stock", "Tổ chức và nhân sự"),
            (
                "foreign_orgs",
                "Số tổ chức hành nghề luật sư nước ngoài",
                None,
                "stock",
                "Tổ chức và nhân sự",
            ),
            ("litigation", "Số vụ việc tham gia tố tụng", None, "flow", "Hoạt động"),
            (
                "non_litigation",
                "Số vụ việc tư vấn và dịch vụ pháp lý khác",
                None,
                "flow",
                "Hoạt động",
            ),
            ("pro_bono", "Số vụ việc trợ giúp pháp lý miễn phí", None, "flow", "Hoạt động"),
        ],
        "rules": [
            (
                "pro_bono_le",
                "at_most",
                "pro_bono",
                "litigation + non_litigation",
                None,
                "Số vụ việc miễn phí không vượt quá tổng số vụ việc",
            ),
            ("litigation_jump", "jump", "litigation", "", 50, "Số vụ việc tố tụng thay đổi nhiều"),
        ],
    },
    {
        "code": "notaries",
        "name": "Công chứng viên và tổ chức hành nghề công chứng",
        "name_en": "Notaries and notary offices",
        "period_type": "half",
        "deadline_days": 15,
        "reporting_level": "province",
        "reporter_kind": AgencyKind.DEPARTMENT_OF_JUSTICE,
        "elements": [
            ("notaries", "Số công chứng viên", "sex", "stock", "Tổ chức và nhân sự"),
            (
                "orgs",
                "Số tổ chức hành nghề công chứng",
                "notary_org",
                "stock",
                "Tổ chức và nhân sự",
            ),
            ("documents", "Số việc công chứng", "notary_org", "flow", "Hoạt động"),
            ("contracts", "Trong đó: hợp đồng, giao dịch", None, "flow", "Hoạt động"),
        ],
        "rules": [
            (
                "contracts_le",
                "at_most",
                "contracts",
                "documents",
                None,
                "Số hợp đồng, giao dịch không vượt quá số việc công chứng",
            ),
            ("documents_jump", "jump", "documents", "", 50, "Số việc công chứng thay đổi nhiều"),
        ],
    },
    {
        "code": "auctions",
        "name": "Đấu giá tài sản",
        "name_en": "Property auctions",
        "period_type": "half",
        "deadline_days": 15,
        "reporting_level": "province",
        "reporter_kind": AgencyKind.DEPARTMENT_OF_JUSTICE,
        "elements": [
            ("auctioneers", "Số đấu giá viên", "sex", "stock", "Tổ chức và nhân sự"),
            ("orgs", "Số tổ chức đấu giá tài sản", "auction_org", "stock", "Tổ chức và nhân sự"),
            ("held", "Số cuộc đấu giá đã tổ chức", None, "flow", "Hoạt động"),
            ("successful", "Số cuộc đấu giá thành", None, "flow", "Hoạt động"),
        ],
        "rules": [
            (
                "successful_le",
                "at_most",
                "successful",
                "held",
                None,
                "Số cuộc đấu giá thành không vượt quá số cuộc đã tổ chức",
            ),
            ("held_jump", "jump", "held", "", 50, "Số cuộc đấu giá thay đổi nhiều"),
        ],
    },
    {
        "code": "expertise",
        "name": "Giám định tư pháp",
        "name_en": "Judicial expertise",
        "period_type": "half",
        "deadline_days": 15,
        "reporting_level": "province",
        "reporter_kind": AgencyKind.DEPARTMENT_OF_JUSTICE,
        "elements": [
            ("experts", "Số giám định viên tư pháp", "sex", "stock", "Tổ chức và nhân sự"),
            ("orgs", "Số tổ chức giám định tư pháp", None, "stock", "Tổ chức và nhân sự"),
            ("carried_in", "Số việc kỳ trước chuyển sang", None, "opening", "Vụ việc giám định"),
            ("received", "Số việc mới tiếp nhận", "expertise", "flow", "Vụ việc giám định"),
            ("done", "Số việc đã thực hiện xong", "expertise", "flow", "Vụ việc giám định"),
            ("carried_forward", "Số việc chuyển kỳ sau", None, "stock", "Vụ việc giám định"),
        ],
        "rules": [
            (
                "flow",
                "equal",
                "carried_in + received",
                "done + carried_forward",
                None,
                "Kỳ trước chuyển sang + mới tiếp nhận = đã xong + chuyển kỳ sau",
            ),
        ],
    },
    {
        "code": "arbitration",
        "name": "Trọng tài thương mại",
        "name_en": "Commercial arbitration",
        "period_type": "half",
        "deadline_days": 15,
        "reporting_level": "province",
        "reporter_kind": AgencyKind.DEPARTMENT_OF_JUSTICE,
        "elements": [
            ("centres", "Số trung tâm trọng tài", None, "stock", "Tổ chức và nhân sự"),
            ("arbitrators", "Số trọng tài viên", "sex", "stock", "Tổ chức và nhân sự"),
            ("received", "Số vụ tranh chấp thụ lý", None, "flow", "Hoạt động"),
            ("resolved", "Số vụ tranh chấp đã giải quyết", None, "flow", "Hoạt động"),
        ],
        "rules": [],
    },
    {
        "code": "nationality",
        "name": "Quốc tịch",
        "name_en": "Nationality",
        "period_type": "half",
        "deadline_days": 15,
        "reporting_level": "province",
        "reporter_kind": AgencyKind.DEPARTMENT_OF_JUSTICE,
        "elements": [
            ("carried_in", "Số hồ sơ kỳ trước chuyển sang", None, "opening", "Hồ sơ"),
            ("received", "Số hồ sơ mới tiếp nhận", "nationality", "flow", "Hồ sơ"),
            (
                "forwarded",
                "Số hồ sơ đã giải quyết, chuyển Bộ Tư pháp",
                "nationality",
                "flow",
                "Hồ sơ",
            ),
            ("carried_forward", "Số hồ sơ chuyển kỳ sau", None, "stock", "Hồ sơ"),
        ],
        "rules": [
            (
                "flow",
                "equal",
                "carried_in + received",
                "forwarded + carried_forward",
                None,
                "Kỳ trước chuyển sang + mới tiếp nhận = đã giải quyết + chuyển kỳ sau",
            ),
        ],
    },
    {
        "code": "authentication",
        "name": "Chứng thực",
        "name_en": "Authentication",
        "period_type": "half",
        "deadline_days": 5,
        "reporting_level": "commune",
        "reporter_kind": AgencyKind.COMMUNE_COMMITTEE,
        "elements": [
            ("certified", "Số việc chứng thực", "authentication", "flow", "Chứng thực"),
            ("refused", "Số việc từ chối chứng thực", None, "flow", "Chứng thực"),
        ],
        "rules": [
            ("certified_jump", "jump", "certified", "", 50, "Số việc chứng thực thay đổi nhiều"),
        ],
    },
    {
        "code": "adoption",
        "name": "Nuôi con nuôi trong nước",
        "name_en": "Domestic adoption",
        "period_type": "half",
        "deadline_days": 5,
        "reporting_level": "commune",
        "reporter_kind": AgencyKind.COMMUNE_COMMITTEE,
        "elements": [
            ("registered", "Số trường hợp đăng ký nuôi con nuôi", "sex", "flow", "Đăng ký"),
            (
                "by_relatives",
                "Trong đó: cha dượng, mẹ kế, cô, cậu, dì, chú, bác nhận",
                None,
                "flow",
                "Đăng ký",
            ),
        ],
        "rules": [
            (
                "relatives_le",
                "at_most",
                "by_relatives",
                "registered",
                None,
                "Số trường hợp người thân nhận không vượt quá tổng số",
            ),
        ],
    },
    {
        "code": "criminal_records",
        "name": "Lý lịch tư pháp",
        "name_en": "Criminal records",
        "period_type": "half",
        "deadline_days": 15,
        "reporting_level": "province",
        "reporter_kind": AgencyKind.DEPARTMENT_OF_JUSTICE,
        "elements": [
            (
                "requests",
                "Số yêu cầu cấp Phiếu lý lịch tư pháp",
                "record_form",
                "flow",
                "Cấp phiếu",
            ),
            ("issued", "Số Phiếu lý lịch tư pháp đã cấp", "record_form", "flow", "Cấp phiếu"),
            ("refused", "Số trường hợp từ chối cấp", None, "flow", "Cấp phiếu"),
            (
                "updates",
                "Số thông tin lý lịch tư pháp được cập nhật",
                None,
                "flow",
                "Cơ sở dữ liệu",
            ),
        ],
        "rules": [
            (
                "issued_le",
                "at_most",
                "issued + refused",
                "requests",
                None,
                "Số phiếu đã cấp và từ chối không vượt quá số yêu cầu",
            ),
        ],
    },
    {
        "code": "secured_transactions",
        "name": "Đăng ký biện pháp bảo đảm",
        "name_en": "Secured transactions registration",
        "period_type": "half",
        "deadline_days": 20,
        "reporting_level": "national",
        "reporter_kind": AgencyKind.MINISTRY,
        "elements": [
            (
                "registrations",
                "Số đơn đăng ký biện pháp bảo đảm",
                "registration",
                "flow",
                "Đăng ký",
            ),
            ("searches", "Số yêu cầu cung cấp thông tin", None, "flow", "Cung cấp thông tin"),
        ],
        "rules": [],
    },
    {
        "code": "legal_cooperation",
        "name": "Hợp tác quốc tế về pháp luật và tương trợ tư pháp",
        "name_en": "International legal cooperation and mutual legal assistance",
        "period_type": "half",
        "deadline_days": 20,
        "reporting_level": "national",
        "reporter_kind": AgencyKind.MINISTRY,
        "elements": [
            (
                "mla_received",
                "Số yêu cầu tương trợ tư pháp dân sự nhận từ nước ngoài",
                None,
                "flow",
                "Tương trợ tư pháp",
            ),
            (
                "mla_sent",
                "Số yêu cầu tương trợ tư pháp dân sự gửi ra nước ngoài",
                None,
                "flow",
                "Tương trợ tư pháp",
            ),
            ("mla_done", "Số yêu cầu đã thực hiện xong", None, "flow", "Tương trợ tư pháp"),
            (
                "agreements",
                "Số điều ước, thỏa thuận quốc tế được ký kết",
                None,
                "flow",
                "Hợp tác quốc tế",
            ),
        ],
        "rules": [
            (
                "done_le",
                "at_most",
                "mla_done",
                "mla_received + mla_sent",
                None,
                "Số yêu cầu đã xong không vượt quá số đã nhận và đã gửi",
            ),
        ],
    },
    {
        "code": "organisation_staff",
        "name": "Tổ chức và cán bộ ngành Tư pháp",
        "name_en": "The sector's organisation and staff",
        "period_type": "year",
        "deadline_days": 15,
        "reporting_level": "province",
        "reporter_kind": AgencyKind.DEPARTMENT_OF_JUSTICE,
        "elements": [
            ("posts", "Số biên chế được giao", None, "stock", "Biên chế"),
            ("staff", "Số công chức, viên chức có mặt", "sex", "stock", "Biên chế"),
            ("vacant", "Số biên chế chưa sử dụng", None, "stock", "Biên chế"),
            (
                "enforcers_in_post",
                "Số chấp hành viên đang làm việc",
                None,
                "stock",
                "Thi hành án dân sự",
            ),
            (
                "enforcers_vacant",
                "Số vị trí chấp hành viên còn trống",
                None,
                "stock",
                "Thi hành án dân sự",
            ),
        ],
        "rules": [
            (
                "posts",
                "equal",
                "posts",
                "staff + vacant",
                None,
                "Biên chế được giao = có mặt + chưa sử dụng",
            ),
        ],
    },
]


@transaction.atomic
def load(*, actor: Any = None) -> dict[str, int]:
    """Create or update the shipped combos, data sets, elements and rules (idempotent; elements
    and rules an administrator added are kept)."""
    combos = {}
    for code, (name, options) in COMBOS.items():
        combo, _ = CategoryCombo.objects.update_or_create(code=code, defaults={"name": name})
        for order, (option_code, option_name) in enumerate(options):
            CategoryOption.objects.update_or_create(
                combo=combo, code=option_code, defaults={"name": option_name, "order": order}
            )
        combos[code] = combo
    counts = {"data_sets": 0, "elements": 0, "rules": 0}
    for spec in DATA_SETS:
        data_set, _ = DataSet.objects.update_or_create(
            code=spec["code"],
            defaults={
                key: spec[key]
                for key in (
                    "name",
                    "name_en",
                    "period_type",
                    "deadline_days",
                    "reporting_level",
                    "reporter_kind",
                )
            }
            | {"source": TT03},
        )
        counts["data_sets"] += 1
        for order, (code, name, combo, time, section) in enumerate(spec["elements"]):
            DataElement.objects.update_or_create(
                data_set=data_set,
                code=code,
                defaults={
                    "name": name,
                    "combo": combos[combo] if combo else None,
                    "time": time,
                    "section": section,
                    "order": order,
                    "designed": True,
                },
            )
            counts["elements"] += 1
        for code, kind, left, right, threshold, message in spec["rules"]:
            ValidationRule.objects.update_or_create(
                data_set=data_set,
                code=code,
                defaults={
                    "kind": kind,
                    "left": left,
                    "right": right,
                    "threshold": threshold,
                    "message": message,
                },
            )
            counts["rules"] += 1
    audit.record(actor=actor, action="statistics.forms.loaded", data=counts)
    return counts
