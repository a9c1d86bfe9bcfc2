"""Demo agencies and one user per role, in two provinces (Nghệ An and Hà Tĩnh)."""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.db import transaction

from tuphap.accounts import services
from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.core.demo import DEMO_PASSWORD, Output, step
from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level

OLD_END = REORGANISATION_DATE - datetime.timedelta(days=1)
DEMO_PROVINCES = {"40": "Nghệ An", "42": "Hà Tĩnh"}


@step(10)
def places(output: Output, show_progress: bool) -> None:
    call_command("load_places", no_progress=not show_progress, stdout=output)


def _new_province(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(
        level=Level.PROVINCE, code=code, valid_from=REORGANISATION_DATE
    )


def _old_province(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=Level.PROVINCE, code=code, valid_to=OLD_END)


def _first_district(province: AdministrativeUnit) -> AdministrativeUnit:
    district = (
        AdministrativeUnit.objects.filter(province=province, level=Level.DISTRICT)
        .order_by("code")
        .first()
    )
    if district is None:
        raise LookupError(f"No district of {province} is loaded.")
    return district


def _first_communes(province: AdministrativeUnit, count: int) -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(province=province, level=Level.COMMUNE).order_by("code")[
            :count
        ]
    )


@step(20)
@transaction.atomic
def agencies_and_users(output: Output, show_progress: bool) -> None:
    if Agency.objects.filter(code="BTP").exists():
        output.write("  agencies and users already loaded")
        return
    create = services.agency_create
    ministry = create(
        actor=None,
        code="BTP",
        name="Bộ Tư pháp",
        name_en="Ministry of Justice",
        kind=AgencyKind.MINISTRY,
        level=AgencyLevel.NATIONAL,
    )
    for code, name, name_en in [
        (
            "BTP-CQLTHADS",
            "Cục Quản lý thi hành án dân sự",
            "Civil Judgment Enforcement Administration",
        ),
        (
            "BTP-CHTQTCT",
            "Cục Hộ tịch, quốc tịch, chứng thực",
            "Civil Status, Nationality and Authentication Department",
        ),
        (
            "BTP-CPBGDPL",
            "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý",
            "Legal Dissemination and Legal Aid Department",
        ),
        (
            "BTP-VKHTC",
            "Vụ Kế hoạch – Tài chính",
            "Planning and Finance Department (sector statistics)",
        ),
    ]:
        create(
            actor=None,
            code=code,
            name=name,
            name_en=name_en,
            kind=AgencyKind.MINISTRY_UNIT,
            level=AgencyLevel.NATIONAL,
            parent=ministry,
        )

    first: dict[str, Agency] = {}
    for code, label in DEMO_PROVINCES.items():
        province, old_province = _new_province(code), _old_province(code)
        communes = _first_communes(province, 3)
        doj = create(
            actor=None,
            code=f"STP-{code}",
            name=f"Sở Tư pháp tỉnh {label}",
            name_en=f"{label} Department of Justice",
            kind=AgencyKind.DEPARTMENT_OF_JUSTICE,
            level=AgencyLevel.PROVINCE,
            parent=ministry,
            province=province,
            jurisdiction=[province],
        )
        enforcement = create(
            actor=None,
            code=f"THADS-{code}",
            name=f"Thi hành án dân sự tỉnh {label}",
            name_en=f"{label} Civil Judgment Enforcement Office",
            kind=AgencyKind.ENFORCEMENT_PROVINCIAL,
            level=AgencyLevel.PROVINCE,
            parent=ministry,
            province=province,
            jurisdiction=[province],
            valid_from=REORGANISATION_DATE,
        )
        regional = create(
            actor=None,
            code=f"THADS-{code}-KV1",
            name=f"Phòng Thi hành án dân sự khu vực 1 – {label}",
            name_en=f"{label} Regional Enforcement Office 1",
            kind=AgencyKind.ENFORCEMENT_REGIONAL,
            level=AgencyLevel.REGION,
            parent=enforcement,
            province=province,
            jurisdiction=communes,
            valid_from=REORGANISATION_DATE,
        )
        department = create(
            actor=None,
            code=f"CTHADS-{code}",
            name=f"Cục Thi hành án dân sự tỉnh {label}",
            name_en=f"{label} Civil Judgment Enforcement Department (until 30 June 2025)",
            kind=AgencyKind.ENFORCEMENT_DEPARTMENT,
            level=AgencyLevel.PROVINCE,
            parent=ministry,
            province=old_province,
            jurisdiction=[old_province],
            valid_to=OLD_END,
        )
        district = _first_district(old_province)
        create(
            actor=None,
            code=f"CCTHADS-{district.code}",
            name=f"Chi cục Thi hành án dân sự {district.name}",
            name_en=f"Enforcement Sub-department of {district.name} (until 30 June 2025)",
            kind=AgencyKind.ENFORCEMENT_SUBDEPARTMENT,
            level=AgencyLevel.DISTRICT,
            parent=department,
            province=old_province,
            jurisdiction=[district],
            valid_to=OLD_END,
        )
        legal_aid = create(
            actor=None,
            code=f"TGPL-{code}",
            name=f"Trung tâm Trợ giúp pháp lý nhà nước tỉnh {label}",
            name_en=f"{label} State Legal Aid Centre",
            kind=AgencyKind.LEGAL_AID_CENTRE,
            level=AgencyLevel.PROVINCE,
            parent=doj,
            province=province,
            jurisdiction=[province],
        )
        committees = [
            create(
                actor=None,
                code=f"UBND-{commune.code}",
                name=f"UBND {commune.name}",
                name_en=f"People's Committee of {commune.name}",
                kind=AgencyKind.COMMUNE_COMMITTEE,
                level=AgencyLevel.COMMUNE,
                parent=doj,
                province=province,
                jurisdiction=[commune],
                valid_from=REORGANISATION_DATE,
            )
            for commune in communes
        ]
        if not first:
            first = {
                "doj": doj,
                "regional": regional,
                "legal_aid": legal_aid,
                "commune": committees[0],
            }
        else:
            _user(
                f"demo.chuyenvien.{code}",
                "Chuyên viên Sở Tư pháp " + label,
                doj,
                Role.PROVINCIAL_SPECIALIST,
            )

    _user("demo.hotich", "Nguyễn Thị Hộ Tịch", first["commune"], Role.CIVIL_STATUS_OFFICER)
    _user("demo.chaphanhvien", "Trần Văn Chấp Hành", first["regional"], Role.ENFORCEMENT_OFFICER)
    _user("demo.truongphong", "Lê Văn Trưởng Phòng", first["regional"], Role.ENFORCEMENT_HEAD)
    _user("demo.trogiup", "Phạm Thị Trợ Giúp", first["legal_aid"], Role.LEGAL_AID_OFFICER)
    _user("demo.chuyenvien", "Hoàng Văn Chuyên Viên", first["doj"], Role.PROVINCIAL_SPECIALIST)
    _user("demo.thongke", "Vũ Thị Thống Kê", first["doj"], Role.STATISTICS_OFFICER)
    _user("demo.bo", "Đỗ Văn Bộ", ministry, Role.MINISTRY_SPECIALIST)
    _user("demo.lanhdao", "Ngô Văn Lãnh Đạo", ministry, Role.LEADER)
    _user("demo.kiemtoan", "Bùi Thị Kiểm Toán", ministry, Role.AUDITOR)
    _user("demo.quantri", "Quản Trị Hệ Thống", ministry, Role.ADMINISTRATOR, admin_site_access=True)
    # Dissemination and grassroots mediation (outreach): the first commune's justice officer.
    _user("demo.phobien", "Đặng Thị Phổ Biến", first["commune"], Role.OUTREACH_OFFICER)
    # Report forms (statistics.aggregate): a commune enters, the province approves, the ministry
    # accepts; the ministry's own approver approves the provinces' and the central forms.
    _user("demo.thongke.xa", "Lê Thị Thống Kê Xã", first["commune"], Role.STATISTICS_OFFICER)
    _user("demo.pheduyet", "Trần Văn Phê Duyệt", first["doj"], Role.REPORT_APPROVER)
    _user("demo.thongke.bo", "Phạm Văn Thống Kê Bộ", ministry, Role.STATISTICS_OFFICER)
    _user("demo.pheduyet.bo", "Nguyễn Thị Phê Duyệt Bộ", ministry, Role.REPORT_APPROVER)
    # State compensation (oversight.compensation): the agency responsible is Nghệ An's police.
    nghe_an = _new_province("40")
    police = create(
        actor=None,
        code="CA-40",
        name="Công an tỉnh Nghệ An",
        name_en="Nghệ An Provincial Police",
        kind=AgencyKind.OTHER_STATE_BODY,
        level=AgencyLevel.PROVINCE,
        parent=ministry,
        province=nghe_an,
        jurisdiction=[nghe_an],
        valid_from=REORGANISATION_DATE,
    )
    _user("demo.boithuong", "Đặng Văn Bồi Thường", police, Role.COMPENSATION_OFFICER)
    # Citizen reception and letters (oversight.reception): the Nghệ An department's inspector.
    _user("demo.thanhtra", "Trần Thị Thanh Tra", first["doj"], Role.INSPECTOR)
    output.write(f"  {Agency.objects.count()} agencies, {User.objects.count()} users")


def _user(
    username: str, full_name: str, agency: Agency, role: str, *, admin_site_access: bool = False
) -> User:
    return services.user_create(
        actor=None,
        username=username,
        password=DEMO_PASSWORD,
        agency=agency,
        roles=[role],
        full_name=full_name,
        check_password=False,
        admin_site_access=admin_site_access,
    )
