"""The inspection conclusion as DOCX, opened with python-docx (the A4 page and its margins,
Times New Roman, the heading table with the agency, the number, the national motto and the
place and date), the body with the subjects, the team, the findings of
the sampled decisions by kind with their articles, the recommendations with the money to
recover in đồng and the signature; downloaded from the inspection page within jurisdiction,
audited; none before the conclusion."""

from __future__ import annotations

import datetime
import io
from typing import Any

import docx
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tuphap.casework.models import Case
from tuphap.core.models import AuditEvent
from tuphap.oversight.inspections import conclusion, rules, services
from tuphap.oversight.inspections.models import Inspection
from tuphap.oversight.tests.conftest import Inspectorates
from tuphap.oversight.tests.test_inspections_services import concluded, data, go

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(datetime.datetime(2026, 12, 8, 9, 0, tzinfo=VN), tick=False):
        yield


class Document:
    """A DOCX opened with python-docx: its paragraphs (outside tables), tables (rows of cell
    texts), fonts and sizes of the runs, and the section's page."""

    def __init__(self, content: bytes) -> None:
        self.document = docx.Document(io.BytesIO(content))
        self.paragraphs = [p.text for p in self.document.paragraphs]
        self.tables = [
            [[cell.text for cell in row.cells] for row in table.rows]
            for table in self.document.tables
        ]
        runs = [run for p in self._all_paragraphs() for run in p.runs]
        self.runs = {run.text: run for run in runs}
        self.fonts = {run.font.name for run in runs}
        self.sizes = {run.font.size.pt if run.font.size else None for run in runs}
        self.section = self.document.sections[0]

    def _all_paragraphs(self) -> list[Any]:
        cells = [
            p
            for table in self.document.tables
            for row in table.rows
            for cell in row.cells
            for p in cell.paragraphs
        ]
        return list(self.document.paragraphs) + cells

    def bold(self, text: str) -> bool:
        return bool(self.runs[text].bold)

    @property
    def text(self) -> str:
        cells = ["\n".join(cell for row in table for cell in row) for table in self.tables]
        return "\n".join(self.paragraphs + cells)


def inter_sectoral(people: Inspectorates) -> Inspection:
    """An inter-sectoral inspection of administrative-violation enforcement, four decisions
    sampled (two decided late, one of them also complied with late), concluded with a
    recommendation to recover money and a disciplinary one."""
    team = [
        services.MemberData("Nguyễn Văn Trưởng", "head", "Sở Tư pháp tỉnh Nghệ An"),
        services.MemberData("Trần Thị Công An", "member", "Công an tỉnh Nghệ An"),
    ]
    inspection = services.inspection_open(
        actor=people.inspector,
        data=data(
            inter_sectoral=True,
            violations_law=True,
            team=team,
            title="Kiểm tra liên ngành công tác thi hành pháp luật về xử lý vi phạm hành chính",
            subjects=[("UBND huyện Nghi Lộc", rules.SubjectKind.AGENCY)],
        ),
    )
    go(people, inspection, "start_on_site", D(2026, 2, 24))
    case = Case.objects.get(pk=inspection.case_id)
    for number, decided, complied in (
        ("1/QĐ-XPHC", D(2025, 3, 8), D(2025, 3, 18)),
        ("2/QĐ-XPHC", D(2025, 3, 12), D(2025, 3, 30)),
        ("3/QĐ-XPHC", D(2025, 3, 10), D(2025, 3, 15)),
        ("4/QĐ-XPHC", D(2025, 3, 5), D(2025, 3, 10)),
    ):
        services.sample_add(
            actor=people.inspector,
            case=case,
            data=services.SampleData(
                number, D(2025, 3, 1), D(2025, 3, 1), decided, complied_on=complied
            ),
        )
    go(people, inspection, "end_on_site", D(2026, 4, 3))
    go(people, inspection, "report", D(2026, 4, 15))
    go(
        people,
        inspection,
        "conclude",
        D(2026, 5, 8),
        number="9/KL-LN",
        summary="Việc ra quyết định xử phạt còn chậm so với thời hạn luật định.",
    )
    case = Case.objects.get(pk=inspection.case_id)
    services.recommendation_add(
        actor=people.inspector,
        case=case,
        kind=rules.RecommendationKind.MONEY,
        text="Thu hồi tiền phạt nộp sai tài khoản",
        amount=150_000_000,
        due_on=D(2026, 8, 8),
    )
    services.recommendation_add(
        actor=people.inspector,
        case=case,
        kind=rules.RecommendationKind.DISCIPLINE,
        text="Kiểm điểm trách nhiệm người ra quyết định chậm",
        due_on=D(2026, 9, 30),
    )
    return Inspection.objects.get(pk=inspection.pk)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(inspection: Inspection) -> str:
    return reverse("oversight:inspection_conclusion_docx", args=[inspection.case_id])


def test_the_conclusion_is_an_administrative_document_with_findings_by_kind(
    world: Any, inspectorates: Inspectorates
) -> None:
    inspection = inter_sectoral(inspectorates)
    document = Document(conclusion.build(inspection))
    # A4, margins 20 mm top and bottom, 30 mm left, 15 mm right (NĐ 30/2020 Phụ lục I).
    section = document.section
    sides = ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin")
    lengths = [getattr(section, side) for side in (*sides, "right_margin")]
    assert [round(length.mm) if length else None for length in lengths] == [
        210,
        297,
        20,
        20,
        30,
        15,
    ]
    assert document.fonts == {"Times New Roman"}
    # The text 14 pt; the heading 13 pt (the motto's second line 14), the tables 12 pt, the
    # recipients 12 pt and their list 11 pt.
    assert document.sizes == {11.0, 12.0, 13.0, 14.0}
    assert {r.font.size.pt for p in document.document.paragraphs for r in p.runs} == {14.0}

    # The heading: the agency and the number left, the motto and the place and date right.
    (left, right), *_ = document.tables[0]
    assert left.splitlines() == [
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
        world.doj_nghe_an.name.upper(),
        "",
        "Số: 9/KL-LN",
    ]
    assert right.splitlines()[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert right.splitlines()[-1] == "Nghệ An, ngày 08 tháng 5 năm 2026"
    assert document.bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")

    paragraphs = document.paragraphs
    assert paragraphs[0] == "KẾT LUẬN THANH TRA"
    assert document.bold("KẾT LUẬN THANH TRA")
    assert paragraphs[1].startswith("Về việc Kiểm tra liên ngành")
    assert any(
        p.startswith("Thực hiện Quyết định thanh tra số 12/QĐ-STP ngày 10/02/2026 của Giám đốc")
        and "từ ngày 24/02/2026 đến ngày 03/04/2026" in p
        and "Đoàn thanh tra liên ngành" in p
        and "UBND huyện Nghi Lộc" in p
        for p in paragraphs
    )
    assert any("Báo cáo kết quả thanh tra ngày 15/04/2026" in p for p in paragraphs)
    # The team, each member with the agency they come from.
    team = document.tables[1]
    assert team[1:] == [
        ["Nguyễn Văn Trưởng", "Trưởng đoàn", "Sở Tư pháp tỉnh Nghệ An"],
        ["Trần Thị Công An", "Thành viên", "Công an tỉnh Nghệ An"],
    ]
    # The text typed, without the English line of findings the step appended.
    assert "Việc ra quyết định xử phạt còn chậm so với thời hạn luật định." in paragraphs
    assert not any("Decision after its time limit" in p for p in paragraphs)
    # §7.2: four decisions checked, three with a violation; the findings by kind with articles.
    assert any(
        p.startswith("Kiểm tra 4 quyết định xử phạt vi phạm hành chính")
        and "2 quyết định có vi phạm, 2 quyết định không phát hiện vi phạm" in p
        and "tổng số 3 vi phạm" in p
        for p in paragraphs
    )
    findings = document.tables[2]
    assert findings == [
        ["Loại vi phạm", "Căn cứ", "Số lượng", "Quyết định xử phạt"],
        [
            "Ra quyết định quá thời hạn kể từ ngày lập biên bản",
            "khoản 1 Điều 66 Luật XLVPHC 2012 (sửa đổi 2020)",
            "2",
            "2/QĐ-XPHC, 3/QĐ-XPHC",
        ],
        [
            "Chấp hành quyết định sau thời hạn 10 ngày",
            "khoản 1 Điều 73 Luật XLVPHC 2012",
            "1",
            "2/QĐ-XPHC",
        ],
    ]
    # The recommendations, the money in đồng as elsewhere, the total; the deadline to report.
    assert (
        "1. Tiền kiến nghị thu hồi: Thu hồi tiền phạt nộp sai tài khoản; số tiền kiến nghị thu "
        "hồi: 150.000.000 đ; thời hạn thực hiện: trước ngày 08/08/2026." in paragraphs
    )
    assert (
        "2. Xử lý kỷ luật: Kiểm điểm trách nhiệm người ra quyết định chậm; thời hạn thực hiện: "
        "trước ngày 30/09/2026." in paragraphs
    )
    assert "Tổng số tiền kiến nghị thu hồi: 150.000.000 đ." in paragraphs
    assert any(
        "báo cáo kết quả thực hiện" in p and "trước ngày 30/09/2026" in p for p in paragraphs
    )
    # The signature block: the recipients left, the person who decided the inspection right.
    recipients, signature = document.tables[-1][0]
    assert recipients.splitlines()[:2] == ["Nơi nhận:", "- UBND huyện Nghi Lộc;"]
    assert signature.splitlines() == [
        "GIÁM ĐỐC SỞ TƯ PHÁP TỈNH NGHỆ AN",
        "(Ký, ghi rõ họ tên, đóng dấu)",
    ]


def test_a_check_without_sampled_decisions_says_so(
    world: Any, inspectorates: Inspectorates
) -> None:
    inspection = concluded(inspectorates, form=rules.Form.CHECK)
    document = Document(conclusion.build(Inspection.objects.get(pk=inspection.pk)))
    assert document.paragraphs[0] == "KẾT LUẬN KIỂM TRA"
    assert "Không có kiến nghị." in document.paragraphs
    assert not any("quyết định xử phạt" in p for p in document.paragraphs)
    assert not any("Tổng số tiền" in p for p in document.paragraphs)
    # Three tables: the heading, the team, the signature (no findings).
    assert len(document.tables) == 3


def test_a_national_inspectorate_concludes_in_ha_noi(
    world: Any, inspectorates: Inspectorates
) -> None:
    national = services.inspection_open(
        actor=inspectorates.inspector_ministry, data=data(decision_number="3/QĐ-TTR")
    )
    assert conclusion.place_name(national) == "Hà Nội"
    assert conclusion.superior_body(national) == world.ministry.name
    provincial = services.inspection_open(actor=inspectorates.inspector, data=data())
    assert conclusion.place_name(provincial) == "Nghệ An"


def test_articles_read_in_vietnamese() -> None:
    assert conclusion.vietnamese_article("Luật XLVPHC 2012 Art. 74(1)") == (
        "khoản 1 Điều 74 Luật XLVPHC 2012"
    )
    assert conclusion.vietnamese_article("Luật XLVPHC 2012 Art. 6") == "Điều 6 Luật XLVPHC 2012"
    assert conclusion.vietnamese_article("Nghị định 118/2021") == "Nghị định 118/2021"


def test_the_download_is_audited_and_kept_within_jurisdiction(
    world: Any, inspectorates: Inspectorates
) -> None:
    inspection = inter_sectoral(inspectorates)
    page = client_for(inspectorates.inspector).get(
        reverse("oversight:inspection", args=[inspection.case_id])
    )
    assert url(inspection) in page.content.decode()
    response = client_for(inspectorates.inspector).get(url(inspection))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="ket-luan-thanh-tra-9-KL-LN.docx"'
    )
    assert "Số: 9/KL-LN" in Document(response.content).text
    event = AuditEvent.objects.get(action="oversight.inspection.conclusion_downloaded")
    assert event.actor_username == "thanhtra_nghean"
    assert event.object_id == str(inspection.case_id)
    assert event.data == {"conclusion_number": "9/KL-LN"}
    # A reader of the province downloads it; another province's inspector and a civil status
    # officer do not.
    assert client_for(inspectorates.leader_nghe_an).get(url(inspection)).status_code == 200
    assert client_for(inspectorates.inspector_ha_tinh).get(url(inspection)).status_code == 404
    assert client_for(world.users["civil_status_officer"]).get(url(inspection)).status_code == 403
    assert (
        AuditEvent.objects.filter(action="oversight.inspection.conclusion_downloaded").count() == 2
    )


def test_no_conclusion_no_document(world: Any, inspectorates: Inspectorates) -> None:
    inspection = services.inspection_open(actor=inspectorates.inspector, data=data())
    response = client_for(inspectorates.inspector).get(url(inspection))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(
        action="oversight.inspection.conclusion_downloaded"
    ).exists()
    page = client_for(inspectorates.inspector).get(
        reverse("oversight:inspection", args=[inspection.case_id])
    )
    assert url(inspection) not in page.content.decode()
    with pytest.raises(ValueError, match="no conclusion"):
        conclusion.build(inspection)
