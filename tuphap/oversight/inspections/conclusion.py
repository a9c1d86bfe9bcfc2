"""The inspection conclusion (kết luận thanh tra, kết luận kiểm tra) as a DOCX in the layout of
NĐ 30/2020/NĐ-CP: the issuing agency and the number, the national motto, the place and date;
the decision inspected under, the team and the on-site dates; the subjects, scope and period;
the conclusion; for an inspection of administrative-violation enforcement the sampled
decisions' findings summarised by kind, each with its article (§7.2); the recommendations with
the money to recover in đồng; the signature of the person who decided the inspection
(docs/domain/inspections.md §7). Written by the shared ``core/official_docx.py``."""

from __future__ import annotations

import datetime
import re
from collections import Counter

from django.utils import translation

from tuphap.accounts.models import AgencyKind
from tuphap.core.money import format_vnd
from tuphap.core.official_docx import OfficialDocument
from tuphap.oversight.inspections import rules
from tuphap.oversight.inspections.models import Inspection


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def place_name(inspection: Inspection) -> str:
    """Where the conclusion is issued: the inspecting agency's province without its "Tỉnh" or
    "Thành phố" (NĐ 30/2020 Phụ lục I, ô 4); a national inspectorate's is Hà Nội."""
    province = inspection.agency.province
    if inspection.agency.is_national or province is None:
        return "Hà Nội"
    return re.sub(r"^(Tỉnh|Thành phố)\s+", "", province.name)


def superior_body(inspection: Inspection) -> str:
    """The body directly above the issuing one, on the line above it (NĐ 30/2020 Phụ lục I,
    ô 2): a ministry unit's ministry; a Department of Justice's provincial People's Committee
    [D]; nothing for others."""
    agency = inspection.agency
    if agency.kind == AgencyKind.MINISTRY_UNIT and agency.parent is not None:
        return agency.parent.name
    if agency.kind == AgencyKind.DEPARTMENT_OF_JUSTICE and agency.province is not None:
        return f"Ủy ban nhân dân {agency.province.name}"  # the heading is in capitals
    return ""


def vietnamese_article(article: str) -> str:
    """``"Luật XLVPHC 2012 Art. 66(1)"`` → ``"khoản 1 Điều 66 Luật XLVPHC 2012"``."""
    found = re.search(r"\s*Art\. (\d+)(?:\((\d+)\))?", article)
    if not found:
        return article
    law = (article[: found.start()] + article[found.end() :]).strip()
    number, clause = found.groups()
    where = f"khoản {clause} Điều {number}" if clause else f"Điều {number}"
    return f"{where} {law}".strip()


def _summary_lines(inspection: Inspection, counts: Counter[str]) -> list[str]:
    """The conclusion's text as typed: the line of findings by kind that the conclusion step
    appends (in the language of the page it was recorded on) is left out, the document giving
    the findings as a table."""
    lines = [line.strip() for line in inspection.conclusion_summary.splitlines() if line.strip()]
    if counts and lines:
        appended = set()
        for language in ("vi", "en"):
            with translation.override(language):
                labels = dict(rules.FindingKind.choices)
                appended.add("; ".join(f"{labels[k]}: {n}" for k, n in sorted(counts.items())))
        if lines[-1] in appended:
            lines.pop()
    return lines


def findings_table(inspection: Inspection) -> tuple[int, int, list[list[str]]]:
    """The sampled decisions checked, those with at least one finding, and the table of the
    findings by kind: the kind, its article, the number of findings and the decisions."""
    samples = list(inspection.samples.all())
    by_kind: dict[str, list[str]] = {}
    articles: dict[str, str] = {}
    faulty = 0
    for sample in samples:
        found = list(sample.findings.all())
        faulty += bool(found)
        for finding in found:
            by_kind.setdefault(finding.kind, []).append(sample.number)
            articles[finding.kind] = finding.article
    with translation.override("vi"):
        labels = {value: str(label) for value, label in rules.FindingKind.choices}
    rows = [["Loại vi phạm", "Căn cứ", "Số lượng", "Quyết định xử phạt"]]
    for kind in rules.FindingKind.values:
        if kind in by_kind:
            rows.append(
                [
                    labels[kind],
                    vietnamese_article(articles[kind]),
                    str(len(by_kind[kind])),
                    ", ".join(by_kind[kind]),
                ]
            )
    return len(samples), faulty, rows


def build(inspection: Inspection) -> bytes:
    """The conclusion of ``inspection`` (concluded: it has its number and date). Reads the team,
    subjects, samples with their findings and recommendations (prefetched or not)."""
    concluded = inspection.conclusion_date
    if concluded is None:
        raise ValueError("The inspection has no conclusion yet.")
    with translation.override("vi"):
        roles = {value: str(label) for value, label in rules.MemberRole.choices}
        kinds = {value: str(label) for value, label in rules.RecommendationKind.choices}
        subject_kinds = {value: str(label) for value, label in rules.SubjectKind.choices}
        inspection_kind = str(dict(rules.Kind.choices)[inspection.kind])
    check = inspection.form == rules.Form.CHECK
    word = "kiểm tra" if check else "thanh tra"
    agency = inspection.agency
    team = list(inspection.team.all())
    head = next((m for m in team if m.role == rules.MemberRole.HEAD), None)
    subjects = [s.get("name", "") for s in inspection.subjects]
    recommendations = list(inspection.recommendations.all())
    counts: Counter[str] = Counter(
        f.kind for s in inspection.samples.all() for f in s.findings.all()
    )

    document = OfficialDocument(
        superior=superior_body(inspection),
        agency=agency.name,
        number=inspection.conclusion_number,
        place=place_name(inspection),
        day=concluded,
        title=f"Kết luận {word}",
        subtitle=f"Về việc {inspection.title}",
    )
    paragraph = document.paragraph
    paragraph(
        f"Thực hiện Quyết định {word} số {inspection.decision_number} ngày "
        f"{_date(inspection.decision_date)} của {inspection.issuer} ({inspection_kind.lower()}"
        f"), từ ngày {_date(inspection.on_site_from)} đến ngày {_date(inspection.on_site_to)}"
        f", Đoàn {word}"
        + (" liên ngành" if inspection.inter_sectoral else "")
        + f" đã tiến hành {word} tại {'; '.join(subjects)}.",
        indent=True,
    )
    paragraph(
        f"Xét Báo cáo kết quả {word} ngày {_date(inspection.report_on)} của Trưởng đoàn "
        f"{word}"
        + (f" {head.full_name}" if head else "")
        + f", {inspection.issuer} kết luận như sau:",
        indent=True,
    )
    document.heading("I. KHÁI QUÁT CHUNG")
    for subject in inspection.subjects:
        kind = subject_kinds.get(subject.get("kind", ""), "")
        paragraph(
            f"- {subject.get('name', '')}" + (f" ({kind.lower()})" if kind else "") + ".",
            indent=True,
        )
    paragraph(
        f"Nội dung {word}: {inspection.scope}. Thời kỳ {word}: từ ngày "
        f"{_date(inspection.period_from)} đến ngày {_date(inspection.period_to)}.",
        indent=True,
    )
    paragraph(f"Đoàn {word}" + (" liên ngành" if inspection.inter_sectoral else "") + ":")
    document.table(
        [["Họ và tên", "Chức danh trong đoàn", "Cơ quan"]]
        + [[m.full_name, roles.get(m.role, m.role), m.agency_name or agency.name] for m in team],
        (60, 45, 60),
        align=("left", "left", "left"),
    )
    document.heading(f"II. KẾT QUẢ KIỂM TRA, XÁC MINH VÀ KẾT LUẬN {word.upper()}")
    for line in _summary_lines(inspection, counts):
        paragraph(line, indent=True)
    if inspection.violations_law:
        checked, faulty, rows = findings_table(inspection)
        paragraph(
            f"Kiểm tra {checked} quyết định xử phạt vi phạm hành chính của đối tượng {word}: "
            f"{faulty} quyết định có vi phạm, {checked - faulty} quyết định không phát hiện "
            f"vi phạm; tổng số {sum(counts.values())} vi phạm, theo loại như sau:",
            indent=True,
        )
        if len(rows) > 1:
            document.table(rows, (55, 45, 20, 45), align=("left", "left", "right", "left"))
        else:
            paragraph("Không phát hiện vi phạm.", indent=True)
    document.heading("III. KIẾN NGHỊ BIỆN PHÁP XỬ LÝ")
    money = 0
    for index, row in enumerate(recommendations, start=1):
        text = f"{index}. {kinds.get(row.kind, row.kind)}: {row.text.rstrip('.')}"
        if row.kind == rules.RecommendationKind.MONEY:
            money += row.amount
            text += f"; số tiền kiến nghị thu hồi: {format_vnd(row.amount)}"
        text += f"; thời hạn thực hiện: trước ngày {_date(row.due_on)}."
        paragraph(text, indent=True)
    if not recommendations:
        paragraph("Không có kiến nghị.", indent=True)
    if money:
        paragraph(f"Tổng số tiền kiến nghị thu hồi: {format_vnd(money)}.", bold=True, indent=True)
    last = max((row.due_on for row in recommendations), default=None)
    paragraph(
        f"Yêu cầu {'; '.join(subjects)} nghiêm túc thực hiện các kiến nghị nêu trên và báo "
        f"cáo kết quả thực hiện về {agency.name}"
        + (f" trước ngày {_date(last)}" if last else "")
        + f". Kết luận {word} này được công khai theo quy định của pháp luật.",
        indent=True,
    )
    document.signature(
        inspection.issuer,
        recipients=(*(f"{name};" for name in subjects), f"Đoàn {word};", f"Lưu: VT, hồ sơ {word}."),
    )
    return document.to_bytes()
