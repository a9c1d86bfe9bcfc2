"""Certificates, extracts and copies: issuing, the PDF, the copy exception to jurisdiction and
the public verification. PDFs are rendered in a few tests only (WeasyPrint takes ~0.5 s each)."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pypdf
import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, reverse
from django.utils import translation

from conftest import api_as
from tuphap.accounts.models import AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.civil_status.extracts import codes
from tuphap.civil_status.extracts import services as extract_services
from tuphap.civil_status.extracts.models import Extract
from tuphap.civil_status.registration import services
from tuphap.civil_status.registration.models import Registration
from tuphap.civil_status.tests import factories
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.core.models import AuditEvent
from tuphap.places.models import AdministrativeUnit
from tuphap.places.tests import factories as place_factories

NOW = datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _officer(username: str, unit: AdministrativeUnit, world: Any) -> User:
    agency = account_factories.agency(
        f"UBND-{unit.code}-{username}",
        f"UBND {unit.name}",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        level=AgencyLevel.COMMUNE,
        units=[unit],
        parent=world.ministry,
    )
    return account_factories.user(username, agency, Role.CIVIL_STATUS_OFFICER)


@pytest.fixture
def registration(world: Any) -> Registration:
    return factories.birth(
        world.users["civil_status_officer"],
        world.vinh,
        signer_name="Lê Văn Hùng",
        signer_title="Phó Chủ tịch",
    )


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _actions(name: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=name).order_by("id"))


# -- issuing and the PDF ------------------------------------------------------------------------


def test_original_birth_certificate_pdf_over_the_api(world: Any, registration: Any) -> None:
    officer = world.users["civil_status_officer"]
    services.pin_record(registration_id=registration.pk, pin="040226000123")
    client = api_as(officer)

    issued = client.post(
        f"/api/v1/civil-status/registrations/{registration.pk}/extracts/",
        {"kind": "original"},
        format="json",
    )
    body = issued.json()
    pdf = client.get(
        f"/api/v1/civil-status/registrations/{registration.pk}/extracts/{body['id']}/pdf"
    )

    assert issued.status_code == 201
    assert (body["kind"], body["title"], body["copies"]) == ("original", "GIẤY KHAI SINH", 1)
    assert CODE.match(body["code"])
    assert body["verification_url"] == f"http://localhost:8000/verify/{body['code']}/"
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == (
        'attachment; filename="ban-chinh-birth-01-TP-HT-2026-KS-so-1.pdf"'
    )
    assert pdf.content.startswith(b"%PDF")
    text = _flat(_pdf_text(pdf.content))
    for printed in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG TRƯỜNG VINH",
        "TỈNH NGHỆ AN",
        "GIẤY KHAI SINH",
        "Số: 1",
        "Quyển số: 01-TP/HT-2026-KS",
        "NGUYỄN VĂN AN",
        "01/11/2026",
        "Ngày mồng một tháng mười một năm hai nghìn không trăm hai mươi sáu",
        "Giới tính: Nam",
        "Nơi sinh: Bệnh viện Sản Nhi Nghệ An",
        "Số định danh cá nhân: 040226000123",
        "Trần Thị Bình",
        "Nguyễn Văn Cường",
        "Nơi đăng ký: Ủy ban nhân dân phường Trường Vinh, tỉnh Nghệ An",
        "Ngày, tháng, năm đăng ký: 23/11/2026",
        "Trường Vinh, ngày 23 tháng 11 năm 2026",
        "Lê Văn Hùng",
        "Phó Chủ tịch",
        body["code"],
    ):
        assert printed in text, printed
    issued_rows = _actions("civil_status.extract.issued")
    assert [(row.actor_id, row.object_id) for row in issued_rows] == [(officer.pk, str(body["id"]))]
    assert issued_rows[0].data["outside_jurisdiction"] is False
    assert len(_actions("civil_status.extract.downloaded")) == 1


@pytest.fixture
def merged(world: Any) -> dict[str, Any]:
    """Phường Hải Thành of Tỉnh Quảng Bình (code 18853, 44) was merged whole into Phường Đồng
    Hới of Tỉnh Quảng Trị (18880; the new province kept code 44) on 1 July 2025 (the
    crosswalk shipped in vietnamadminunits)."""
    quang_binh = place_factories.province("44", "Tỉnh Quảng Bình", old=True)
    quang_tri = place_factories.province("44", "Tỉnh Quảng Trị")
    place_factories.succession(quang_binh, quang_tri)
    hai_thanh = place_factories.commune("18853", "Phường Hải Thành", quang_binh, old=True)
    dong_hoi = place_factories.commune("18880", "Phường Đồng Hới", quang_tri)
    place_factories.succession(hai_thanh, dong_hoi)
    officer = _officer("hotich_donghoi", dong_hoi, world)
    registration = factories.birth(
        officer,
        hai_thanh,
        child=factories.child(
            family_name="Hoàng",
            middle_name="Thị",
            given_name="Lan",
            sex="female",
            date_of_birth=datetime.date(2025, 3, 1),
            place_of_birth="Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới",
        ),
        registered_on=datetime.date(2025, 3, 14),
    )
    return {"officer": officer, "registration": registration, "dong_hoi": dong_hoi}


def test_old_registration_prints_the_names_valid_on_the_registration_day(
    merged: dict[str, Any],
) -> None:
    officer, registration = merged["officer"], merged["registration"]

    original = extract_services.extract_issue(
        actor=officer, registration=registration, kind="original"
    )
    copy = extract_services.extract_issue(
        actor=officer, registration=registration, kind="copy", copies=2
    )
    client = Client()
    client.force_login(officer)
    original_text = _flat(
        _pdf_text(client.get(f"/civil-status/extracts/{original.pk}/pdf/").content)
    )
    copy_pdf = client.get(f"/civil-status/extracts/{copy.pk}/pdf/").content

    assert original.issuing_commune.name == "Phường Hải Thành"
    assert "PHƯỜNG HẢI THÀNH TỈNH QUẢNG BÌNH" in original_text
    assert "Nơi đăng ký: Ủy ban nhân dân phường Hải Thành, tỉnh Quảng Bình" in original_text
    assert "Ngày, tháng, năm đăng ký: 14/03/2025" in original_text
    assert "Ngày mồng một tháng ba năm hai nghìn không trăm hai mươi lăm" in original_text
    assert "Quảng Trị" not in original_text
    assert "Đồng Hới, ngày" not in original_text
    assert copy.issuing_commune == merged["dong_hoi"]
    assert len(pypdf.PdfReader(io.BytesIO(copy_pdf)).pages) == 2
    copy_text = _flat(_pdf_text(copy_pdf))
    assert "PHƯỜNG ĐỒNG HỚI TỈNH QUẢNG TRỊ" in copy_text
    assert "TRÍCH LỤC KHAI SINH (BẢN SAO)" in copy_text
    assert "Nơi đăng ký: Ủy ban nhân dân phường Hải Thành, tỉnh Quảng Bình" in copy_text
    assert "Sao từ Sổ đăng ký khai sinh." in copy_text
    assert "Đồng Hới, ngày 23 tháng 11 năm 2026" in copy_text
    assert "HOÀNG THỊ LAN" in copy_text


def test_snapshot_keeps_what_was_printed_after_an_amendment(world: Any, registration: Any) -> None:
    officer = world.users["civil_status_officer"]
    services.registration_amend(
        actor=officer,
        registration=registration,
        kind="correction",
        reason="Sai tên đệm",
        legal_basis="Luật Hộ tịch Điều 28",
        changes={"person.middle_name": "Gia"},
    )
    extract = extract_services.extract_issue(
        actor=officer, registration=registration, kind="original"
    )
    services.registration_amend(
        actor=officer,
        registration=registration,
        kind="correction",
        reason="Sai tên",
        legal_basis="Luật Hộ tịch Điều 28",
        changes={"person.given_name": "Bình"},
    )
    extract.refresh_from_db()

    assert extract.amendment_count_at_issue == 1
    assert extract.snapshot["person"]["full_name"] == "Nguyễn Gia An"
    assert extract.snapshot["sections"][0]["rows"][0] == [["Họ, chữ đệm, tên", "NGUYỄN GIA AN"]]
    assert extract.snapshot["notes"] == ["Cải chính ngày 23/11/2026: Sai tên đệm"]
    assert extract.snapshot["details"]["mother"]["full_name"] == "Trần Thị Bình"
    assert extract.snapshot["registration_place"] == {
        "commune": "Phường Trường Vinh",
        "province": "Tỉnh Nghệ An",
        "place": "Trường Vinh",
    }


def _rows(extract: Extract) -> list[list[str]]:
    return [
        pair for section in extract.snapshot["sections"] for row in section["rows"] for pair in row
    ]


def test_death_marriage_and_marital_status_print_their_own_forms(world: Any) -> None:
    officer = world.users["civil_status_officer"]
    death = services.death_register(
        actor=officer,
        commune=world.vinh,
        deceased=factories.adult("Hồ", "Tâm", "male", datetime.date(1940, 1, 1)),
        died_on=datetime.date(2026, 11, 8),
        place_of_death="Tại nhà",
        cause="Tuổi già",
        declarant=services.Declarant("Hồ Văn Con", "con"),
    )
    marriage = services.marriage_register(
        actor=officer,
        commune=world.vinh,
        husband=factories.adult("Lê", "Minh", "male", datetime.date(1995, 3, 1)),
        wife=factories.adult("Phạm", "Hoa", "female", datetime.date(1999, 7, 2)),
    )
    status = services.registration_record(
        actor=officer,
        commune=world.vinh,
        event_type="marital_status",
        person=marriage.other_person,
        details={"marital_status": "married", "purpose": "vay vốn"},
    )

    issued = [
        extract_services.extract_issue(actor=officer, registration=entry, kind="original")
        for entry in (death, marriage, status)
    ]

    assert [extract.title for extract in issued] == [
        "TRÍCH LỤC KHAI TỬ",
        "GIẤY CHỨNG NHẬN KẾT HÔN",
        "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
    ]
    assert _rows(issued[0])[-7:] == [
        ["Nơi cư trú cuối cùng", ""],
        ["Đã chết vào ngày", "08/11/2026"],
        ["Nơi chết", "Tại nhà"],
        ["Nguyên nhân chết", "Tuổi già"],
        ["Giấy báo tử số", ""],
        ["Người đi khai tử", "Hồ Văn Con"],
        ["Quan hệ với người đã chết", "con"],
    ]
    assert [section["heading"] for section in issued[1].snapshot["sections"]] == ["Chồng", "Vợ"]
    assert ["Họ, chữ đệm, tên", "PHẠM HOA"] in _rows(issued[1])
    assert _rows(issued[2])[-3:] == [
        ["Tình trạng hôn nhân", "Đang có vợ/chồng"],
        ["Mục đích sử dụng", "vay vốn"],
        ["Có giá trị đến ngày", "23/05/2027"],
    ]


def test_a_copy_is_issued_by_any_commune_the_original_only_by_the_registering_one(
    world: Any, registration: Any
) -> None:
    elsewhere = _officer("hotich_thanhsen", world.ha_tinh_ward, world)

    copy = extract_services.extract_issue(
        actor=elsewhere, registration=registration, kind="copy", copies=3
    )
    with pytest.raises(AccessDenied):
        extract_services.extract_issue(actor=elsewhere, registration=registration, kind="original")

    assert (copy.kind, copy.copies, copy.title) == ("copy", 3, "TRÍCH LỤC KHAI SINH (BẢN SAO)")
    assert copy.issuing_commune == world.ha_tinh_ward
    assert copy.snapshot["issuer"]["commune"] == "Phường Thành Sen"
    assert copy.snapshot["registration_authority"] == (
        "Ủy ban nhân dân phường Trường Vinh, tỉnh Nghệ An"
    )
    row = AuditEvent.objects.get(action="civil_status.extract.issued")
    assert (row.actor_id, row.data["outside_jurisdiction"]) == (elsewhere.pk, True)


def test_copy_over_the_api_from_another_province_audits_the_read(
    world: Any, registration: Any
) -> None:
    elsewhere = _officer("hotich_thanhsen", world.ha_tinh_ward, world)

    response = api_as(elsewhere).post(
        f"/api/v1/civil-status/registrations/{registration.pk}/extracts/",
        {"kind": "copy", "copies": 2},
        format="json",
    )
    original = api_as(elsewhere).post(
        f"/api/v1/civil-status/registrations/{registration.pk}/extracts/",
        {"kind": "original"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["issuing_commune_id"] == world.ha_tinh_ward.pk
    assert original.status_code == 404  # outside the jurisdiction, the entry is not shown
    reads = _actions("civil_status.registration.viewed_for_copy")
    assert [(row.actor_id, row.object_id) for row in reads] == [
        (elsewhere.pk, str(registration.pk))
    ]


@pytest.mark.parametrize(
    ("persona", "kind"),
    [
        ("provincial_specialist", "original"),
        ("provincial_specialist", "copy"),
        ("ministry_specialist", "copy"),
        ("statistics_officer", "copy"),
        ("leader", "original"),
        ("auditor", "copy"),
        ("administrator", "copy"),
    ],
    ids=lambda value: str(value),
)
def test_only_a_civil_status_officer_issues(
    world: Any, registration: Any, persona: str, kind: str
) -> None:
    response = api_as(world.users[persona]).post(
        f"/api/v1/civil-status/registrations/{registration.pk}/extracts/",
        {"kind": kind},
        format="json",
    )

    assert response.status_code == 403
    assert Extract.objects.count() == 0


def test_anonymous_cannot_issue(world: Any, registration: Any, api_client: Any) -> None:
    response = api_client.post(
        f"/api/v1/civil-status/registrations/{registration.pk}/extracts/",
        {"kind": "copy"},
        format="json",
    )

    assert response.status_code == 401
    assert Extract.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "copy", "copies": 0}, "copies"),
        ({"kind": "copy", "copies": 21}, "copies"),
        ({"kind": "duplicate"}, "kind"),
    ],
    ids=["no copies", "too many", "bad kind"],
)
def test_bad_input_names_the_field(
    world: Any, registration: Any, body: dict[str, Any], field: str
) -> None:
    response = api_as(world.users["civil_status_officer"]).post(
        f"/api/v1/civil-status/registrations/{registration.pk}/extracts/", body, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    assert Extract.objects.count() == 0
    assert not _actions("civil_status.extract.issued")


def test_nothing_is_issued_from_a_deleted_entry(world: Any, registration: Any) -> None:
    officer = world.users["civil_status_officer"]
    services.registration_amend(
        actor=officer,
        registration=registration,
        kind="deletion",
        reason="Đăng ký trùng",
        legal_basis="TT 01/2022 Điều 13",
        decision_reference="QĐ 12/QĐ-UBND",
    )

    with pytest.raises(Conflict) as caught:
        extract_services.extract_issue(actor=officer, registration=registration, kind="copy")

    assert caught.value.code == "entry_deleted"
    assert Extract.objects.count() == 0


def test_an_officer_of_two_communes_must_choose_the_issuing_one(
    world: Any, registration: Any
) -> None:
    officer = world.users["civil_status_officer"]
    officer.agency.jurisdiction.add(world.ha_tinh_ward)

    with pytest.raises(ValidationFailed) as caught:
        extract_services.extract_issue(actor=officer, registration=registration, kind="copy")
    chosen = extract_services.extract_issue(
        actor=officer, registration=registration, kind="copy", issuing_commune=world.ha_tinh_ward
    )

    assert list(caught.value.fields) == ["issuing_commune"]
    assert chosen.issuing_commune == world.ha_tinh_ward


def test_codes_are_random_grouped_and_forgiving() -> None:
    made = {codes.generate() for _ in range(200)}

    assert len(made) == 200
    assert all(CODE.match(code) for code in made)
    assert codes.normalise(" 7kqm 4xht-9pda-2wnc ") == "7KQM-4XHT-9PDA-2WNC"
    assert codes.normalise("7KQM-4XHT-9PDA-2WNO") == "7KQM-4XHT-9PDA-2WN0"
    assert codes.normalise("IL00-0000-0000-0000") == "1100-0000-0000-0000"
    assert codes.normalise("7KQM-4XHT-9PDA-2WN") is None
    assert codes.normalise("7KQM-4XHT-9PDA-2WNU") is None


# -- the public verification --------------------------------------------------------------------


def test_verification_page_shows_a_genuine_paper(world: Any, registration: Any) -> None:
    extract = extract_services.extract_issue(
        actor=world.users["civil_status_officer"], registration=registration, kind="original"
    )

    response = Client().get(f"/verify/{extract.code.lower().replace('-', '')}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Genuine: this paper was issued by the civil status register." in page
    for shown in (
        "GIẤY KHAI SINH",
        "01-TP/HT-2026-KS",
        "23/11/2026",
        "Phường Trường Vinh",
        "Nguyễn Văn An",
        "01/11/2026",
    ):
        assert shown in page, shown
    assert 'data-testid="verify-unchanged"' in page
    assert "Trần Thị Bình" not in page  # only what is needed to compare with the paper
    row = AuditEvent.objects.get(action="civil_status.extract.verified")
    assert (row.actor_id, row.object_id, row.data["amended"]) == (None, str(extract.pk), False)


def test_verification_page_is_vietnamese_by_default(
    world: Any, registration: Any, settings: Any
) -> None:
    extract = extract_services.extract_issue(
        actor=world.users["civil_status_officer"], registration=registration, kind="copy"
    )
    settings.LANGUAGE_CODE = "vi"
    clear_url_caches()

    with translation.override("vi"):
        found = Client().get(f"/verify/{extract.code}/").content.decode()
        missing = Client().get("/verify/0000-0000-0000-0000/").content.decode()

    assert '<html lang="vi">' in found
    assert "Hợp lệ: giấy tờ này do cơ quan đăng ký hộ tịch cấp." in found
    assert "TRÍCH LỤC KHAI SINH (BẢN SAO)" in found
    assert "Không tìm thấy: không có giấy tờ nào được cấp với mã xác minh này." in missing


def test_verification_says_the_entry_was_amended_since_issue(world: Any, registration: Any) -> None:
    officer = world.users["civil_status_officer"]
    extract = extract_services.extract_issue(
        actor=officer, registration=registration, kind="original"
    )
    with time_machine.travel(NOW + datetime.timedelta(days=3), tick=False):
        services.registration_amend(
            actor=officer,
            registration=registration,
            kind="correction",
            reason="Sai tên",
            legal_basis="Luật Hộ tịch Điều 28",
            changes={"person.given_name": "Bình"},
        )

    page = Client().get(f"/verify/{extract.code}/").content.decode()
    api = Client().get(f"/api/v1/verify/{extract.code}").json()

    assert "The registration was amended once after this paper was issued" in page
    assert "Nguyễn Văn An" in page  # the name as printed, to compare with the paper
    assert api["amended_since_issue"] is True
    assert api["amended_on"] == ["2026-11-26"]
    assert api["deleted_since_issue"] is False
    assert api["full_name"] == "Nguyễn Văn An"


def test_verification_says_the_entry_was_deleted_since_issue(world: Any, registration: Any) -> None:
    officer = world.users["civil_status_officer"]
    extract = extract_services.extract_issue(actor=officer, registration=registration, kind="copy")
    services.registration_amend(
        actor=officer,
        registration=registration,
        kind="deletion",
        reason="Đăng ký trùng",
        legal_basis="TT 01/2022 Điều 13",
        decision_reference="QĐ 12/QĐ-UBND",
    )

    page = Client().get(f"/verify/{extract.code}/").content.decode()
    api = Client().get(f"/api/v1/verify/{extract.code}").json()

    assert 'data-testid="verify-deleted"' in page
    assert "was deleted by a decision after this paper was issued" in page
    assert "amended" not in page.split('data-testid="verify-deleted"')[1].split("</section>")[0]
    assert (api["deleted_since_issue"], api["amended_since_issue"]) == (True, False)


@pytest.mark.parametrize(
    "code", ["7KQM-4XHT-9PDA-2WNC", "not-a-code", "7KQM4XHT9PDA2WNCX"], ids=str
)
def test_a_wrong_code_is_not_found(world: Any, registration: Any, code: str) -> None:
    extract_services.extract_issue(
        actor=world.users["civil_status_officer"], registration=registration, kind="original"
    )

    page = Client().get(f"/verify/{code}/")
    api = Client().get(f"/api/v1/verify/{code}", HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 404
    assert "Not found: no paper was issued with this verification code." in page.content.decode()
    assert api.status_code == 404
    assert api.json()["error"]["code"] == "not_found"
    assert api.json()["error"]["message"] == "No paper was issued with this verification code."
    rows = _actions("civil_status.extract.verification_failed")
    assert [(row.actor_id, row.data["code"]) for row in rows] == [(None, code), (None, code)]


def test_verification_form_redirects_to_the_result(db: Any) -> None:
    response = Client().get("/verify/", {"code": " abcd-efgh "})

    assert response.status_code == 302
    assert response["Location"] == "/verify/abcd-efgh/"


# -- the officer's pages ------------------------------------------------------------------------


def test_officer_issues_from_the_registration_page(world: Any, registration: Any) -> None:
    client = Client()
    client.force_login(world.users["civil_status_officer"])
    url = reverse("civil_status:registration", kwargs={"registration_id": registration.pk})
    page = client.get(url).content.decode()

    response = client.post(
        f"/civil-status/registrations/{registration.pk}/extracts/new/",
        {"kind": "copy", "copies": "2", "issuing_commune": str(world.vinh.pk)},
    )
    bad = client.post(
        f"/civil-status/registrations/{registration.pk}/extracts/new/",
        {"kind": "copy", "copies": "0", "issuing_commune": str(world.vinh.pk)},
        follow=True,
    )
    listed = client.get(f"/civil-status/registrations/{registration.pk}/").content.decode()

    extract = Extract.objects.get()
    assert 'data-testid="extract-form"' in page
    assert "Nothing issued yet." in page
    assert response.status_code == 302
    assert response["Location"] == f"/civil-status/extracts/{extract.pk}/"
    assert (extract.kind, extract.copies) == ("copy", 2)
    assert "Number of copies: Ensure this value is greater than or equal to 1." in (
        bad.content.decode()
    )
    assert extract.code in listed
    assert f"/civil-status/extracts/{extract.pk}/pdf/" in listed


def test_a_reader_sees_the_list_but_no_issue_form(world: Any, registration: Any) -> None:
    extract_services.extract_issue(
        actor=world.users["civil_status_officer"], registration=registration, kind="original"
    )
    client = Client()
    client.force_login(world.users["provincial_specialist"])

    url = reverse("civil_status:registration", kwargs={"registration_id": registration.pk})
    page = client.get(url).content.decode()
    post = client.post(
        f"/civil-status/registrations/{registration.pk}/extracts/new/",
        {"kind": "copy", "copies": "1"},
    )

    assert "GIẤY KHAI SINH" in page
    assert 'data-testid="extract-form"' not in page
    assert post.status_code == 403


def test_copy_lookup_finds_an_entry_of_another_province(world: Any, registration: Any) -> None:
    elsewhere = _officer("hotich_thanhsen", world.ha_tinh_ward, world)
    client = Client()
    client.force_login(elsewhere)

    found = client.get(
        "/civil-status/copies/",
        {"commune_code": "16681", "volume_number": "01-TP/HT-2026-KS", "entry_number": "1"},
    ).content.decode()
    missing = client.get(
        "/civil-status/copies/",
        {"commune_code": "16681", "volume_number": "01-TP/HT-2026-KS", "entry_number": "9"},
    ).content.decode()
    issued = client.post(
        f"/civil-status/registrations/{registration.pk}/copies/new/",
        {"kind": "copy", "copies": "1", "issuing_commune": str(world.ha_tinh_ward.pk)},
    )

    assert "Nguyễn Văn An" in found
    assert "Phường Trường Vinh, Tỉnh Nghệ An" in found
    assert "No registration has these numbers." in missing
    extract = Extract.objects.get()
    assert issued["Location"] == f"/civil-status/extracts/{extract.pk}/"
    assert extract.issuing_commune == world.ha_tinh_ward
    reads = _actions("civil_status.registration.viewed_for_copy")
    assert [row.object_id for row in reads] == [str(registration.pk)] * 2
    detail = client.get(issued["Location"])
    assert detail.status_code == 200  # issued here, so visible here


def test_copy_pages_are_for_officers_only(world: Any, registration: Any) -> None:
    client = Client()
    client.force_login(world.users["provincial_specialist_ha_tinh"])

    lookup = client.get("/civil-status/copies/")
    issue = client.post(
        f"/civil-status/registrations/{registration.pk}/copies/new/",
        {"kind": "copy", "copies": "1"},
    )

    assert (lookup.status_code, issue.status_code) == (403, 403)


def test_the_pdf_is_not_served_outside_the_jurisdiction(world: Any, registration: Any) -> None:
    extract = extract_services.extract_issue(
        actor=world.users["civil_status_officer"], registration=registration, kind="original"
    )
    client = Client()
    client.force_login(world.users["provincial_specialist_ha_tinh"])

    page = client.get(f"/civil-status/extracts/{extract.pk}/pdf/")
    api = api_as(world.users["provincial_specialist_ha_tinh"]).get(
        f"/api/v1/civil-status/registrations/{registration.pk}/extracts/{extract.pk}/pdf"
    )

    assert (page.status_code, api.status_code) == (404, 404)
    assert not _actions("civil_status.extract.downloaded")


def test_the_list_of_issued_papers_costs_the_same_queries_for_one_or_many(
    world: Any, registration: Any
) -> None:
    officer = world.users["civil_status_officer"]
    client = Client()
    client.force_login(officer)
    url = f"/civil-status/registrations/{registration.pk}/"
    extract_services.extract_issue(actor=officer, registration=registration, kind="original")
    client.get(url)  # warm the session and the caches

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        extract_services.extract_issue(actor=officer, registration=registration, kind="copy")
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()

    assert page.count("/pdf/") == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_an_extract_printed_before_the_pin_says_so_and_a_new_one_prints_it(
    world: Any, registration: Any, client: Client
) -> None:
    officer = world.users["civil_status_officer"]
    assert registration.person.pin_requested_at is not None
    assert not registration.person.pin

    early = extract_services.extract_issue(actor=officer, registration=registration, kind="copy")
    services.pin_record(registration_id=registration.pk, pin="040226000123")
    later = extract_services.extract_issue(actor=officer, registration=registration, kind="copy")

    assert ["Số định danh cá nhân", "Chưa có: đang chờ Cơ sở dữ liệu quốc gia về dân cư cấp"] in (
        _rows(early)
    )
    assert ["Số định danh cá nhân", "040226000123"] in _rows(later)
    early.refresh_from_db()
    later.refresh_from_db()
    assert early.printed_without_pin
    assert not later.printed_without_pin
    client.force_login(officer)
    url = reverse("civil_status:registration", kwargs={"registration_id": registration.pk})
    page = client.get(url).content.decode()
    assert page.count('data-testid="printed-without-pin"') == 1
