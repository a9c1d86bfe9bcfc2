"""Certificates and extracts: what is printed (the snapshot an ``Extract`` keeps) and the PDF.

The paper is the official Vietnamese document, so its labels are Vietnamese whatever the
interface language (the forms of TT 04/2020/TT-BTP, amended by TT 04/2024/TT-BTP). The fields
follow the order of those forms. Places are printed with the names valid on the day of
registration (TT 04/2020 Art. 30): a registration keeps the unit that existed that day, so its
name, and its province's, are the names of that day even after the 2025 reorganisation.
The issuing body of a copy is the commune that issues it, named as on the day of issue.

The PDF is rendered from the snapshot alone, so a document downloaded again is the one issued.
"""

from __future__ import annotations

import datetime
from typing import Any, Final

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tuphap.civil_status.extracts.models import Extract
from tuphap.civil_status.registration.models import EventType, Person, Registration, Sex
from tuphap.core.words import date_in_words
from tuphap.places.models import AdministrativeUnit

SNAPSHOT_VERSION: Final = 1

ORIGINAL_TITLES: Final[dict[str, str]] = {
    EventType.BIRTH: "GIẤY KHAI SINH",
    EventType.MARRIAGE: "GIẤY CHỨNG NHẬN KẾT HÔN",
    EventType.DEATH: "TRÍCH LỤC KHAI TỬ",
    EventType.RECOGNITION: "TRÍCH LỤC ĐĂNG KÝ NHẬN CHA, MẸ, CON",
    EventType.CHANGE: "TRÍCH LỤC THAY ĐỔI, CẢI CHÍNH HỘ TỊCH",
    EventType.MARITAL_STATUS: "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
    EventType.COURT_DECISION: "TRÍCH LỤC GHI VÀO SỔ HỘ TỊCH",
}
COPY_TITLES: Final[dict[str, str]] = {
    EventType.BIRTH: "TRÍCH LỤC KHAI SINH (BẢN SAO)",
    EventType.MARRIAGE: "TRÍCH LỤC KẾT HÔN (BẢN SAO)",
    EventType.DEATH: "TRÍCH LỤC KHAI TỬ (BẢN SAO)",
    EventType.RECOGNITION: "TRÍCH LỤC ĐĂNG KÝ NHẬN CHA, MẸ, CON (BẢN SAO)",
    EventType.CHANGE: "TRÍCH LỤC THAY ĐỔI, CẢI CHÍNH HỘ TỊCH (BẢN SAO)",
    EventType.MARITAL_STATUS: "TRÍCH LỤC XÁC NHẬN TÌNH TRẠNG HÔN NHÂN (BẢN SAO)",
    EventType.COURT_DECISION: "TRÍCH LỤC GHI VÀO SỔ HỘ TỊCH (BẢN SAO)",
}
# The register each event is written in, for "Sao từ Sổ đăng ký …" on a copy.
REGISTER_NAMES: Final[dict[str, str]] = {
    EventType.BIRTH: "Sổ đăng ký khai sinh",
    EventType.MARRIAGE: "Sổ đăng ký kết hôn",
    EventType.DEATH: "Sổ đăng ký khai tử",
    EventType.RECOGNITION: "Sổ đăng ký nhận cha, mẹ, con",
    EventType.CHANGE: "Sổ đăng ký thay đổi, cải chính hộ tịch",
    EventType.MARITAL_STATUS: "Sổ cấp Giấy xác nhận tình trạng hôn nhân",
    EventType.COURT_DECISION: "Sổ ghi vào sổ hộ tịch việc hộ tịch khác",
}
SEX_PRINTED: Final = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}
DETAIL_LABELS: Final = {
    "relationship": "Quan hệ",
    "marital_status": "Tình trạng hôn nhân",
    "purpose": "Mục đích sử dụng",
    "valid_until": "Có giá trị đến ngày",
    "decision_type": "Loại việc",
    "authority": "Cơ quan ra bản án, quyết định",
    "decision_number": "Số bản án, quyết định",
    "decision_date": "Ngày bản án, quyết định",
}
DETAIL_VALUES: Final = {
    "father": "Cha",
    "mother": "Mẹ",
    "child": "Con",
    "single": "Chưa đăng ký kết hôn với ai",
    "married": "Đang có vợ/chồng",
    "divorced": "Đã ly hôn",
    "widowed": "Vợ/chồng đã chết",
    "divorce": "Ly hôn",
    "annulment": "Hủy việc kết hôn trái pháp luật",
    "parentage": "Xác định cha, mẹ, con",
    "nationality": "Thay đổi quốc tịch",
    "gender": "Xác định lại giới tính",
    "adoption": "Nuôi con nuôi",
    "missing": "Tuyên bố mất tích",
    "declared_dead": "Tuyên bố đã chết",
    "incapacity": "Tuyên bố mất năng lực hành vi dân sự",
    "other": "Việc khác",
}
AMENDMENT_PRINTED: Final = {
    "correction": "Cải chính",
    "change": "Thay đổi",
    "supplement": "Bổ sung thông tin",
    "deletion": "Xóa theo quyết định",
}

Row = list[list[str]]  # one printed line: [label, value] pairs


def _day(value: datetime.date | str | None) -> str:
    if value in (None, ""):
        return ""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    return day.strftime("%d/%m/%Y")


def lower_first(name: str) -> str:
    """ "Phường Hải Thành" → "phường Hải Thành", as the unit's type reads inside a sentence."""
    return name[:1].lower() + name[1:]


def place_names(unit: AdministrativeUnit) -> dict[str, str]:
    """The commune's name and its province's, as they were while ``unit`` existed."""
    province = unit.province if unit.province_id is not None else None
    short = unit.name
    if unit.unit_type and short.startswith(unit.unit_type + " "):
        short = short.removeprefix(unit.unit_type).strip()
    return {
        "commune": unit.name,
        "province": province.name if province is not None and province.pk != unit.pk else "",
        "place": short,
    }


def _authority(names: dict[str, str]) -> str:
    parts = [f"Ủy ban nhân dân {lower_first(names['commune'])}"]
    if names["province"]:
        parts.append(lower_first(names["province"]))
    return ", ".join(parts)


def _person_data(person: Person) -> dict[str, Any]:
    return {
        "full_name": person.full_name,
        "sex": person.sex,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "place_of_birth": person.place_of_birth,
        "native_place": person.native_place,
        "ethnicity": person.ethnicity,
        "nationality": person.nationality,
        "residence": person.residence,
        "pin": person.pin or "",
        # Requested from the population database and not yet answered (docs §10).
        "pin_pending": bool(person.pin_requested_at) and not person.pin,
        "mother_name": person.mother_name,
        "father_name": person.father_name,
        "died_on": person.died_on.isoformat() if person.died_on else None,
    }


def _identity_rows(person: dict[str, Any], *, with_birth_place: bool) -> list[Row]:
    born = person["date_of_birth"]
    rows: list[Row] = [
        [["Họ, chữ đệm, tên", person["full_name"].upper()]],
        [["Ngày, tháng, năm sinh", _day(born)]],
    ]
    if with_birth_place:
        words = date_in_words(datetime.date.fromisoformat(born)) if born else ""
        rows.append([["Ghi bằng chữ", words]])
    rows.append(
        [
            ["Giới tính", SEX_PRINTED.get(person["sex"], "")],
            ["Dân tộc", person["ethnicity"]],
            ["Quốc tịch", person["nationality"]],
        ]
    )
    if with_birth_place:
        rows.append([["Nơi sinh", person["place_of_birth"]]])
        rows.append([["Quê quán", person["native_place"]]])
    rows.append([["Số định danh cá nhân", person["pin"] or _pending(person)]])
    return rows


PIN_PENDING: Final = "Chưa có: đang chờ Cơ sở dữ liệu quốc gia về dân cư cấp"


def _pending(person: dict[str, Any]) -> str:
    """What is printed for a number requested and not yet issued: said plainly, not a blank."""
    return PIN_PENDING if person.get("pin_pending") else ""


def _parent_rows(role: str, parent: dict[str, Any] | None) -> list[Row]:
    parent = parent or {}
    year = parent.get("year_of_birth")
    return [
        [[f"Họ, chữ đệm, tên người {role}", parent.get("full_name", "")]],
        [
            ["Năm sinh", str(year) if year else ""],
            ["Dân tộc", parent.get("ethnicity", "")],
            ["Quốc tịch", parent.get("nationality", "")],
        ],
        [["Nơi cư trú", parent.get("residence", "")]],
    ]


def _party_rows(person: dict[str, Any] | None, residence: str) -> list[Row]:
    person = person or {}
    return [
        [["Họ, chữ đệm, tên", str(person.get("full_name", "")).upper()]],
        [["Ngày, tháng, năm sinh", _day(person.get("date_of_birth"))]],
        [["Dân tộc", person.get("ethnicity", "")], ["Quốc tịch", person.get("nationality", "")]],
        [["Nơi cư trú", residence or person.get("residence", "")]],
        [["Số định danh cá nhân", person.get("pin", "")]],
    ]


def _sections(
    registration: Registration,
    person: dict[str, Any],
    other: dict[str, Any] | None,
    details: dict[str, Any],
) -> list[dict[str, Any]]:
    """The body of the paper, in the order of the TT 04/2020 form of the event."""
    event = registration.event_type
    if event == EventType.BIRTH:
        return [
            {"heading": "", "rows": _identity_rows(person, with_birth_place=True)},
            {"heading": "Mẹ", "rows": _parent_rows("mẹ", details.get("mother"))},
            {"heading": "Cha", "rows": _parent_rows("cha", details.get("father"))},
        ]
    if event == EventType.MARRIAGE:
        return [
            {"heading": "Chồng", "rows": _party_rows(person, details.get("husband_residence", ""))},
            {"heading": "Vợ", "rows": _party_rows(other, details.get("wife_residence", ""))},
        ]
    if event == EventType.DEATH:
        declarant = details.get("declarant") or {}
        died_on = person["died_on"] or (
            registration.event_date.isoformat() if registration.event_date else None
        )
        rows = _identity_rows(person, with_birth_place=False)
        rows += [
            [["Nơi cư trú cuối cùng", person["residence"]]],
            [["Đã chết vào ngày", _day(died_on)]],
            [["Nơi chết", details.get("place_of_death", "")]],
            [["Nguyên nhân chết", details.get("cause", "")]],
            [["Giấy báo tử số", details.get("death_notice_number", "")]],
            [
                ["Người đi khai tử", declarant.get("full_name", "")],
                ["Quan hệ với người đã chết", declarant.get("relationship", "")],
            ],
        ]
        return [{"heading": "", "rows": rows}]
    sections = [
        {"heading": "Người được đăng ký", "rows": _identity_rows(person, with_birth_place=False)}
    ]
    if other is not None:
        sections.append(
            {"heading": "Người có liên quan", "rows": _identity_rows(other, with_birth_place=False)}
        )
    detail_rows: list[Row] = []
    for key, label in DETAIL_LABELS.items():
        if key in details:
            value = str(details[key])
            if key.endswith(("_date", "_until")):
                value = _day(value)
            detail_rows.append([[label, DETAIL_VALUES.get(value, value)]])
    sections.append({"heading": "Nội dung đăng ký", "rows": detail_rows})
    return sections


def _notes(registration: Registration, person: Person) -> list[str]:
    notes: list[str] = []
    for amendment in sorted(registration.amendments.all(), key=lambda row: row.number):
        notes.append(
            f"{AMENDMENT_PRINTED.get(amendment.kind, amendment.kind)} ngày "
            f"{_day(amendment.created_at.date())}: {amendment.reason}"
            + (f" ({amendment.decision_reference})" if amendment.decision_reference else "")
        )
    if registration.event_type == EventType.BIRTH and person.pin and person.pin_requested_at:
        # The number came from the population database after registration: an annotation
        # (TT 01/2022/TT-BTP Art. 11(3)).
        notes.append("Số định danh cá nhân được ghi bổ sung theo Cơ sở dữ liệu quốc gia về dân cư.")
    return notes


def snapshot(
    *,
    registration: Registration,
    kind: str,
    issuing_commune: AdministrativeUnit,
    issued_on: datetime.date,
    copies: int,
    signer_name: str,
    signer_title: str,
) -> dict[str, Any]:
    """Everything printed on the paper, and the data it was printed from."""
    person = _person_data(registration.person)
    other = _person_data(registration.other_person) if registration.other_person else None
    details = registration.current_details()
    registered_at = place_names(registration.commune)
    issuer = place_names(issuing_commune)
    titles = ORIGINAL_TITLES if kind == Extract.Kind.ORIGINAL else COPY_TITLES
    return {
        "version": SNAPSHOT_VERSION,
        "kind": kind,
        "event_type": registration.event_type,
        "title": titles[registration.event_type],
        "entry_number": registration.entry_number,
        "volume_number": registration.book.volume_number,
        "registered_on": registration.registered_on.isoformat(),
        "registration_place": registered_at,
        "registration_authority": _authority(registered_at),
        "register_name": REGISTER_NAMES[registration.event_type],
        "issuer": issuer,
        "issued_on": issued_on.isoformat(),
        "copies": copies,
        "signer": {"name": signer_name, "title": signer_title},
        "person": person,
        "other_person": other,
        "details": details,
        "sections": _sections(registration, person, other, details),
        "notes": _notes(registration, registration.person),
    }


def verification_url(code: str) -> str:
    """The public page that checks ``code``, in the default language (Vietnamese)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("verify:result", kwargs={"code": code})
    return f"{settings.PUBLIC_BASE_URL}{path}"


def qr_svg_data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI (vector, so it prints sharp)."""
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=1))


def _context(extract: Extract, verification_url: str) -> dict[str, Any]:
    printed = extract.snapshot
    issued_on = datetime.date.fromisoformat(printed["issued_on"])
    return {
        "printed": printed,
        "code": extract.code,
        "verification_url": verification_url,
        "qr": qr_svg_data_uri(verification_url),
        "registered_on": _day(printed["registered_on"]),
        "issued_day": issued_on.day,
        "issued_month": issued_on.month,
        "issued_year": issued_on.year,
        "is_copy": printed["kind"] == Extract.Kind.COPY,
        "pages": range(printed["copies"]),
    }


def render_pdf(extract: Extract, *, verification_url: str) -> bytes:
    """The PDF of the issued paper: one page per copy."""
    # Imported here: loading WeasyPrint takes about half a second, needed only for a PDF.
    import weasyprint

    html = render_to_string(
        "civil_status/certificates/certificate.html", _context(extract, verification_url)
    )
    return bytes(weasyprint.HTML(string=html).write_pdf())


def file_name(extract: Extract) -> str:
    """``ban-chinh-birth-01-TP-HT-2026-KS-so-12.pdf``: ASCII, no slash."""
    kind = "ban-sao-trich-luc" if extract.kind == Extract.Kind.COPY else "ban-chinh"
    printed = extract.snapshot
    volume = printed["volume_number"].replace("/", "-")
    return f"{kind}-{printed['event_type']}-{volume}-so-{printed['entry_number']}.pdf"
