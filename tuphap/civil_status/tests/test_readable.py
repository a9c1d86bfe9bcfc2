"""The data filed with an application, as the pages show it: labelled, never as JSON."""

from __future__ import annotations

from django.utils import translation

from tuphap.civil_status.registration import deadlines, readable


def test_sections_label_every_key_and_put_nested_objects_in_their_own_section() -> None:
    data = {
        "child": {"given_name": "Khôi", "sex": "male", "date_of_birth": "2026-11-25"},
        "mother": {"full_name": "Trần Thị Mai", "year_of_birth": 1995, "pin": ""},
        "birth_certificate_number": "",
        "re_registration": False,
    }

    sections = readable.sections(data)

    assert [(section.title, section.rows) for section in sections] == [
        ("", [("Birth certificate (giấy chứng sinh) number", "—"), ("Re-registration", "No")]),
        ("Child", [("Given name", "Khôi"), ("Sex", "Male"), ("Date of birth", "25/11/2026")]),
        (
            "Mother",
            [
                ("Full name", "Trần Thị Mai"),
                ("Year of birth", "1995"),
                ("Personal identification number", "—"),
            ],
        ),
    ]


def test_rows_flatten_nested_objects_keep_unknown_keys_and_read_in_vietnamese() -> None:
    data = {
        "declarant": {"full_name": "Lê Văn Hải", "relationship": "Cha"},
        "person.given_name": "Khoa",
        "custom_note": "x",
        "foreign_element": True,
        "missing": ["Tờ khai", "Giấy chứng sinh"],
    }

    with translation.override("vi"):
        rows = readable.rows(data)

    assert rows == [
        ("Người đi đăng ký › Họ, chữ đệm, tên", "Lê Văn Hải"),
        ("Người đi đăng ký › Quan hệ", "Cha"),
        ("Tên", "Khoa"),
        ("custom_note", "x"),
        ("Có yếu tố nước ngoài", "Có"),
        ("missing", "Tờ khai, Giấy chứng sinh"),
    ]


def test_a_ten_character_text_that_is_not_a_date_is_kept() -> None:
    assert readable.value_text("death_notice_number", "12/2026-GB") == "12/2026-GB"
    assert readable.value_text("died_on", "2026-02-30") == "2026-02-30"


def test_every_time_limit_basis_is_cited_in_vietnamese_on_the_pages() -> None:
    bases = {limit.basis for limit in deadlines.TIME_LIMITS.values()}

    with translation.override("vi"):
        cited = {basis: deadlines.basis_label(basis) for basis in bases}

    assert set(deadlines.BASIS_LABELS) == bases
    assert all("Art." not in text and "Điều" in text for text in cited.values()), cited
    assert cited["Luật Hộ tịch 2014 Art. 16(2), 5(3)"] == (
        "Khoản 2 Điều 16, khoản 3 Điều 5 Luật Hộ tịch 2014"
    )
    assert deadlines.basis_label("Luật X Art. 1") == "Luật X Art. 1"
