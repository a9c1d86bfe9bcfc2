from __future__ import annotations

import pytest

from tuphap.legislation.documents import delegations, structure


def test_extract_finds_every_delegation_of_the_sample_law(sample_law_text: str) -> None:
    # given the sample law with delegations of every shape and mere mentions of bodies
    tree = structure.parse(sample_law_text)
    # when the delegations are extracted
    found = [item.as_dict() for item in delegations.extract(tree)]
    # then each assignment is proposed once, resolved relative to where it stands
    assert found == [
        {
            "provisions": ["art_4__cl_1__pt_d"],
            "assignee": "Bộ trưởng Bộ Tư pháp",
            "expected_type": "circular",
            "text": "Bộ trưởng Bộ Tư pháp quy định chi tiết điểm d khoản 1 Điều này.",
            "source_provision": "art_4__cl_2",
            "verb": "quy định chi tiết",
        },
        {
            "provisions": ["art_5__cl_3"],
            "assignee": "Chính phủ",
            "expected_type": "decree",
            "text": "Trình tự, thủ tục công nhận hòa giải viên do Chính phủ quy định.",
            "source_provision": "art_5__cl_3",
            "verb": "quy định",
        },
        {
            "provisions": ["art_6__cl_1", "art_6__cl_2"],
            "assignee": "Chính phủ",
            "expected_type": "decree",
            "text": "Chính phủ quy định chi tiết các khoản 1 và 2 Điều này.",
            "source_provision": "art_6__cl_3",
            "verb": "quy định chi tiết",
        },
        {
            "provisions": ["art_7__cl_2"],
            "assignee": "Thủ tướng Chính phủ",
            "expected_type": "pm_decision",
            "text": "Thủ tướng Chính phủ quy định chi tiết khoản này.",
            "source_provision": "art_7__cl_2",
            "verb": "quy định chi tiết",
        },
        {
            "provisions": ["art_8__cl_2"],
            "assignee": "Hội đồng nhân dân cấp tỉnh",
            "expected_type": "provincial_council_resolution",
            "text": (
                "Hội đồng nhân dân cấp tỉnh quy định mức hỗ trợ chi phí hòa giải tại địa phương."
            ),
            "source_provision": "art_8__cl_2",
            "verb": "quy định",
        },
        {
            "provisions": ["art_8__cl_1"],
            "assignee": "Bộ trưởng Bộ Tài chính",
            "expected_type": "circular",
            "text": (
                "Bộ trưởng Bộ Tài chính hướng dẫn việc quản lý, sử dụng kinh phí quy định tại "
                "khoản 1 Điều này."
            ),
            "source_provision": "art_8__cl_3",
            "verb": "hướng dẫn",
        },
        {
            "provisions": ["art_5", "art_7"],
            "assignee": "Chính phủ",
            "expected_type": "decree",
            "text": "Chính phủ quy định chi tiết Điều 5 và Điều 7 của Luật này",
            "source_provision": "art_10",
            "verb": "quy định chi tiết",
        },
        {
            "provisions": ["body"],
            "assignee": "Bộ trưởng Bộ Tư pháp",
            "expected_type": "circular",
            "text": "Bộ trưởng Bộ Tư pháp hướng dẫn thi hành Luật này.",
            "source_provision": "art_10",
            "verb": "hướng dẫn",
        },
    ]


def _one_article(body: str) -> structure.Tree:
    return structure.parse(f"Điều 12. Thử\n1. Nội dung một.\n2. Nội dung hai.\n3. {body}\n")


@pytest.mark.parametrize(
    ("sentence", "provisions", "assignee"),
    [
        pytest.param(
            "Chính phủ quy định chi tiết Điều này.", ["art_12"], "Chính phủ", id="article"
        ),
        pytest.param(
            "Chính phủ quy định chi tiết khoản 2 Điều này.",
            ["art_12__cl_2"],
            "Chính phủ",
            id="clause-this-article",
        ),
        pytest.param(
            "Bộ trưởng Bộ Tư pháp quy định chi tiết khoản 2 Điều 7.",
            ["art_7__cl_2"],
            "Bộ trưởng Bộ Tư pháp",
            id="clause-other-article",
        ),
        pytest.param(
            "Chính phủ quy định chi tiết các khoản 1 và 2 Điều này.",
            ["art_12__cl_1", "art_12__cl_2"],
            "Chính phủ",
            id="clause-list",
        ),
        pytest.param(
            "Chính phủ quy định chi tiết khoản 1 và khoản 2 Điều 9.",
            ["art_9__cl_1", "art_9__cl_2"],
            "Chính phủ",
            id="article-carried-back",
        ),
        pytest.param(
            "Chính phủ quy định chi tiết Điều 7 của Luật này.",
            ["art_7"],
            "Chính phủ",
            id="article-of-this-law",
        ),
        pytest.param(
            "Chính phủ quy định chi tiết khoản này.",
            ["art_12__cl_3"],
            "Chính phủ",
            id="this-clause",
        ),
        pytest.param(
            "Chính phủ quy định chi tiết điểm a khoản 2 Điều này.",
            ["art_12__cl_2__pt_a"],
            "Chính phủ",
            id="point",
        ),
        pytest.param(
            "Chính phủ quy định chi tiết các điểm a, b và đ khoản 1 Điều 5.",
            ["art_5__cl_1__pt_a", "art_5__cl_1__pt_b", "art_5__cl_1__pt_dd"],
            "Chính phủ",
            id="point-list",
        ),
        pytest.param(
            "Chính phủ quy định chi tiết thi hành Luật này.", ["body"], "Chính phủ", id="whole-law"
        ),
        pytest.param(
            "Bộ trưởng, Thủ trưởng cơ quan ngang bộ hướng dẫn thi hành khoản 1 Điều này.",
            ["art_12__cl_1"],
            "Bộ trưởng, Thủ trưởng cơ quan ngang bộ",
            id="ministers",
        ),
        pytest.param(
            "Bộ trưởng Bộ Nông nghiệp và Môi trường có trách nhiệm hướng dẫn khoản 1 Điều này.",
            ["art_12__cl_1"],
            "Bộ trưởng Bộ Nông nghiệp và Môi trường",
            id="long-ministry-name",
        ),
        pytest.param(
            "Giao cho Chính phủ quy định chi tiết khoản 1 Điều này.",
            ["art_12__cl_1"],
            "Chính phủ",
            id="giao-cho",
        ),
        pytest.param(
            "Mức thu do Hội đồng nhân dân cấp tỉnh quy định.",
            ["art_12__cl_3"],
            "Hội đồng nhân dân cấp tỉnh",
            id="do-x-quy-dinh",
        ),
    ],
)
def test_extract_resolves_each_shape(sentence: str, provisions: list[str], assignee: str) -> None:
    found = delegations.extract(_one_article(sentence))
    assert [(list(item.provisions), item.assignee) for item in found] == [(provisions, assignee)]
    assert found[0].source_provision == "art_12__cl_3"


@pytest.mark.parametrize(
    "sentence",
    [
        pytest.param("Chính phủ thống nhất quản lý nhà nước về hòa giải.", id="manages"),
        pytest.param(
            "Bộ Tư pháp chịu trách nhiệm trước Chính phủ thực hiện quản lý nhà nước.",
            id="responsible-before",
        ),
        pytest.param("Việc cấp phép thực hiện theo quy định của Chính phủ.", id="per-rules-of"),
        pytest.param(
            "Nghị định của Chính phủ quy định về xử phạt được áp dụng.", id="decree-of-government"
        ),
        pytest.param("Bộ trưởng Bộ Tư pháp báo cáo Chính phủ kết quả thực hiện.", id="reports-to"),
        pytest.param("Chính phủ quy định tại Nghị định số 120/2025/NĐ-CP.", id="as-provided-in"),
    ],
)
def test_mentions_without_delegation_propose_nothing(sentence: str) -> None:
    assert delegations.extract(_one_article(sentence)) == []


@pytest.mark.parametrize(
    ("assignee", "expected"),
    [
        pytest.param("Chính phủ", "decree", id="government"),
        pytest.param("Thủ tướng Chính phủ", "pm_decision", id="prime-minister"),
        pytest.param("Bộ trưởng Bộ Tư pháp", "circular", id="minister"),
        pytest.param("Hội đồng nhân dân cấp tỉnh", "provincial_council_resolution", id="council"),
        pytest.param("Ủy ban nhân dân cấp tỉnh", "provincial_committee_decision", id="committee"),
    ],
)
def test_expected_type_follows_the_assignee(assignee: str, expected: str) -> None:
    assert delegations.expected_type(assignee) == expected
