from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest

from tuphap.legislation.documents import structure

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def test_parse_builds_the_tree_with_document_wide_article_ids(sample_law_text: str) -> None:
    # given the sample law; when it is parsed
    tree = structure.parse(sample_law_text)
    # then chapters, sections, articles, clauses and points carry stable ids in text order
    assert [node.eid for node in tree.walk()][:20] == [
        "chp_1",
        "art_1",
        "art_2",
        "art_2__cl_1",
        "art_2__cl_2",
        "art_3",
        "art_3__cl_1",
        "art_3__cl_2",
        "art_3__cl_3",
        "chp_2",
        "chp_2__sec_1",
        "art_4",
        "art_4__cl_1",
        "art_4__cl_1__pt_a",
        "art_4__cl_1__pt_b",
        "art_4__cl_1__pt_c",
        "art_4__cl_1__pt_d",
        "art_4__cl_1__pt_dd",
        "art_4__cl_2",
        "art_5",
    ]
    assert [node.eid for node in tree.body] == ["chp_1", "chp_2", "chp_3"]
    assert len(list(tree.walk())) == 40


def test_parse_keeps_headings_texts_preamble_and_conclusions(sample_law_text: str) -> None:
    tree = structure.parse(sample_law_text)
    chapter = tree.find("chp_2")
    article = tree.find("art_4")
    point = tree.find("art_4__cl_1__pt_dd")
    assert chapter is not None
    assert article is not None
    assert point is not None
    assert (chapter.number, chapter.heading) == ("II", "HÒA GIẢI VIÊN VÀ NỀN TẢNG HÒA GIẢI")
    assert (article.heading, article.text, article.label) == (
        "Tiêu chuẩn hòa giải viên",
        "",
        "Điều 4.",
    )
    assert (point.number, point.text, point.label) == (
        "đ",
        "Không đang bị truy cứu trách nhiệm hình sự.",
        "đ)",
    )
    assert tree.preamble.splitlines()[-1] == "Quốc hội ban hành Luật Hòa giải trực tuyến."
    assert tree.conclusions.splitlines() == [
        "Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 11 "
        "thông qua ngày 10 tháng 6 năm 2026.",
        "CHỦ TỊCH QUỐC HỘI",
    ]


def test_parse_recognises_parts_and_points_directly_in_an_article() -> None:
    text = (
        "PHẦN THỨ HAI\nCÁC QUY ĐỊNH CỤ THỂ\nChương XIV\nHỢP ĐỒNG\n"
        "Điều 12a. Điều được bổ sung\nCác trường hợp sau đây:\n"
        "a) Trường hợp một;\nb) Trường hợp hai.\n"
    )
    tree = structure.parse(text)
    assert [(node.eid, node.heading) for node in tree.walk()] == [
        ("part_2", "CÁC QUY ĐỊNH CỤ THỂ"),
        ("chp_14", "HỢP ĐỒNG"),
        ("art_12a", "Điều được bổ sung"),
        ("art_12a__pt_a", ""),
        ("art_12a__pt_b", ""),
    ]


def test_quoted_text_of_an_amending_law_is_not_parsed_as_provisions() -> None:
    text = (
        "Điều 1. Sửa đổi, bổ sung một số điều của Luật X\n"
        "1. Sửa đổi, bổ sung Điều 5 như sau:\n"
        "“Điều 5. Nguyên tắc\n"
        "1. Tuân thủ Hiến pháp.\n"
        "2. Công khai, minh bạch.”.\n"
        "2. Bãi bỏ Điều 9.\n"
    )
    tree = structure.parse(text)
    assert [node.eid for node in tree.walk()] == ["art_1", "art_1__cl_1", "art_1__cl_2"]
    clause = tree.find("art_1__cl_1")
    assert clause is not None
    assert clause.text.splitlines() == [
        "Sửa đổi, bổ sung Điều 5 như sau:",
        "“Điều 5. Nguyên tắc",
        "1. Tuân thủ Hiến pháp.",
        "2. Công khai, minh bạch.”.",
    ]


def test_a_repeated_article_is_an_error_with_its_line() -> None:
    with pytest.raises(structure.StructureError) as caught:
        structure.parse("Điều 1. A\nNội dung.\nĐiều 1. B\n")
    assert str(caught.value) == "line 3: Điều 1. repeats an earlier one (art_1)."


def test_own_effective_dates_are_read_from_the_text(sample_law_text: str) -> None:
    tree = structure.parse(sample_law_text)
    assert structure.own_effective_dates(tree) == {"art_7": datetime.date(2027, 7, 1)}


def test_akn_export_parses_back_with_every_eid(sample_law_text: str) -> None:
    # given the parsed sample law; when it is exported and parsed back
    tree = structure.parse(sample_law_text)
    xml = structure.to_akn(
        tree,
        frbr_uri="/akn/vn/act/law/2026-06-10/91-2026-qh15",
        title="Luật Hòa giải trực tuyến",
        number="91/2026/QH15",
        date="2026-06-10",
        expression_date="2027-01-01",
        author="quoc-hoi",
    )
    root = ET.fromstring(xml)  # noqa: S314 - our own output
    # then the root, the act and the body are Akoma Ntoso and every provision keeps its eId
    assert root.tag == f"{AKN}akomaNtoso"
    act = root.find(f"{AKN}act")
    assert act is not None
    assert act.get("name") == "law"
    body = act.find(f"{AKN}body")
    assert body is not None
    eids = [element.get("eId") for element in body.iter() if element.get("eId")]
    assert eids == [node.eid for node in tree.walk()]
    point = body.find(f".//{AKN}point[@eId='art_4__cl_1__pt_dd']")
    assert point is not None
    assert point.findtext(f"{AKN}num") == "đ)"
    assert point.findtext(f"{AKN}content/{AKN}p") == "Không đang bị truy cứu trách nhiệm hình sự."
    article = body.find(f".//{AKN}article[@eId='art_2']")
    assert article is not None
    assert article.findtext(f"{AKN}heading") == "Giải thích từ ngữ"
    assert article.findtext(f"{AKN}intro/{AKN}p") == (
        "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:"
    )
    uri = root.find(f".//{AKN}FRBRWork/{AKN}FRBRuri")
    assert uri is not None
    assert uri.get("value") == "/akn/vn/act/law/2026-06-10/91-2026-qh15"
