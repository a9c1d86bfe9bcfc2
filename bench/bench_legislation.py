"""Legislation: three figures, each against a baseline measured in the same run, on a fresh
SQLite database in a temporary directory.

1. Parse + extract delegations of a Civil-Code-sized law (700 articles): our parser and
   extractor, against a plain regex pass that only finds the article headings and the
   delegation sentences (no tree, no resolution): the price of the structure.
2. Search over 400 registered documents: the stored folded words with a whole-word LIKE per
   query word, against folding every text at query time in Python (what a register without a
   folded copy must do).
3. The "overdue by assignee" list over 4,000 confirmed obligations: the SQL selector, against
   loading every obligation with its detailing documents and computing the status in Python.

Run: .venv/bin/python bench/bench_legislation.py
"""

from __future__ import annotations

import datetime
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DEBUG"] = "true"
_directory = tempfile.TemporaryDirectory()
os.environ["DATABASE_URL"] = f"sqlite:///{_directory.name}/bench_legislation.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User, UserRole  # noqa: E402
from tuphap.accounts.roles import Role  # noqa: E402
from tuphap.core.text import fold  # noqa: E402
from tuphap.legislation.documents import delegations, selectors, services, structure  # noqa: E402
from tuphap.legislation.documents.models import (  # noqa: E402
    DetailingObligation,
    Document,
    DocumentType,
    ProposalStatus,
)
from tuphap.legislation.documents.rules import Fulfilment, status_on  # noqa: E402

D = datetime.date
WORDS = [
    "hòa",
    "giải",
    "trực",
    "tuyến",
    "công",
    "chứng",
    "điện",
    "tử",
    "hộ",
    "tịch",
    "thi",
    "hành",
    "án",
    "dân",
    "sự",
    "trợ",
    "giúp",
    "pháp",
    "lý",
    "bồi",
    "thường",
    "nhà",
    "nước",
    "khiếu",
    "nại",
    "tố",
    "cáo",
    "văn",
    "bản",
    "quy",
    "phạm",
    "pháp",
    "luật",
    "cơ",
    "sở",
    "dữ",
    "liệu",
    "quốc",
    "gia",
]


def _best(function: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def big_law(articles: int) -> str:
    lines = ["QUỐC HỘI", "BỘ LUẬT THỬ"]
    for number in range(1, articles + 1):
        if number % 25 == 1:
            lines += [f"Chương {number // 25 + 1}", "QUY ĐỊNH"]
        lines.append(f"Điều {number}. Quy định số {number}")
        lines.append("1. Người có đủ các điều kiện sau đây:")
        lines += ["a) Điều kiện thứ nhất;", "b) Điều kiện thứ hai;", "đ) Điều kiện thứ năm."]
        lines.append(f"2. Nội dung {' '.join(WORDS[number % 7 : number % 7 + 12])}.")
        if number % 5 == 0:
            lines.append("3. Chính phủ quy định chi tiết điểm a khoản 1 Điều này.")
        elif number % 7 == 0:
            lines.append("3. Chính phủ thống nhất quản lý nhà nước về nội dung này.")
    return "\n".join(lines)


_PLAIN_ARTICLE = re.compile(r"^Điều \d+\.", re.MULTILINE)
_PLAIN_DELEGATION = re.compile(r"(?:Chính phủ|Bộ trưởng[^.]*?) (?:quy định|hướng dẫn)[^.]*\.")


def bench_parse() -> None:
    text = big_law(700)
    proposals = delegations.extract(structure.parse(text))
    ours = _best(lambda: delegations.extract(structure.parse(text)))
    baseline = _best(
        lambda: (_PLAIN_ARTICLE.findall(text), _PLAIN_DELEGATION.findall(text)), repeat=5
    )
    print(
        f"1. parse + extract, 700 articles ({len(proposals)} delegations): "
        f"ours {ours * 1000:.1f} ms, plain regex pass {baseline * 1000:.1f} ms, "
        f"ratio {ours / baseline:.1f}× (the price of the tree and the resolved ids)"
    )


def _actor() -> User:
    ministry = Agency.objects.create(
        code="BTP", name="Bộ Tư pháp", kind=AgencyKind.MINISTRY, level=AgencyLevel.NATIONAL
    )
    user = User.objects.create(username="bench", agency=ministry)
    UserRole.objects.create(user=user, role=Role.MINISTRY_SPECIALIST)
    return user


@transaction.atomic
def build(actor: User, documents: int) -> None:
    for index in range(documents):
        words = " ".join(WORDS[(index * 3) % 20 : (index * 3) % 20 + 10])
        body = "\n".join(
            f"Điều {article}. Quy định {article}\n1. Nội dung về {words} số {index}.\n"
            f"2. Chính phủ quy định chi tiết khoản 1 Điều này."
            for article in range(1, 11)
        )
        services.document_create(
            actor=actor,
            doc_type=DocumentType.DECREE,
            number=f"{index + 1}/2025/NĐ-CP",
            issuer="Chính phủ",
            signed_on=D(2025, 1 + index % 12, 1),
            effective_on=D(2025, 1 + index % 12, 20),
            title=f"Nghị định về {words}",
            text=body,
        )


def bench_search() -> None:
    queries = ["hoa giai truc tuyen", "thi hành án", "trợ giúp pháp lý 37", "co so du lieu"]

    def ours() -> list[int]:
        return [len(list(selectors.document_search(query).values_list("id"))) for query in queries]

    def baseline() -> list[int]:
        counts = []
        for query in queries:
            words = fold(query).split()
            rows = Document.objects.values_list("id", "number", "title", "versions__text")
            found = set()
            for pk, number, title, text in rows:
                folded = services.search_words(f"{number} {title} {text}")
                if all(f" {word} " in folded for word in words):
                    found.add(pk)
            counts.append(len(found))
        return counts

    assert ours() == baseline(), (ours(), baseline())
    mine, theirs = _best(ours), _best(baseline)
    print(
        f"2. search, {len(queries)} queries over {Document.objects.count()} documents: "
        f"ours {mine * 1000:.1f} ms, fold at query time {theirs * 1000:.1f} ms, "
        f"ratio {theirs / mine:.1f}× faster"
    )


@transaction.atomic
def build_obligations(count: int) -> None:
    documents = list(Document.objects.order_by("id"))
    rows = []
    for index in range(count):
        document = documents[index % len(documents)]
        rows.append(
            DetailingObligation(
                document=document,
                provisions=["art_1__cl_1"],
                source_provision="art_1__cl_2",
                text="Chính phủ quy định chi tiết khoản 1 Điều này.",
                assignee_text=["Chính phủ", "Bộ trưởng Bộ Tư pháp", "Thủ tướng Chính phủ"][
                    index % 3
                ],
                expected_type=DocumentType.DECREE,
                due_on=D(2025, 1 + index % 12, 15),
                proposal_status=ProposalStatus.CONFIRMED,
            )
        )
    DetailingObligation.objects.bulk_create(rows)
    through = DetailingObligation.fulfilled_by.through
    links = [
        through(
            detailingobligation_id=row.pk, document_id=documents[(index + 1) % len(documents)].pk
        )
        for index, row in enumerate(DetailingObligation.objects.order_by("id"))
        if index % 3 == 0
    ]
    through.objects.bulk_create(links)


def bench_overdue() -> None:
    day = D(2025, 12, 31)

    def ours() -> int:
        return sum(group.count for group in selectors.overdue_by_assignee(day))

    def baseline() -> int:
        total = 0
        for row in DetailingObligation.objects.prefetch_related("fulfilled_by"):
            status = status_on(
                due_on=row.due_on,
                day=day,
                fulfilments=[
                    Fulfilment(d.signed_on, d.effective_on) for d in row.fulfilled_by.all()
                ],
                not_needed_from=row.not_needed_from,
            )
            total += status == "overdue"
        return total

    assert ours() == baseline(), (ours(), baseline())
    mine, theirs = _best(ours), _best(baseline)
    print(
        f"3. overdue by assignee over {DetailingObligation.objects.count()} obligations "
        f"({ours()} overdue): ours {mine * 1000:.1f} ms, status in Python {theirs * 1000:.1f} ms, "
        f"ratio {theirs / mine:.1f}× faster"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    bench_parse()
    actor = _actor()
    start = time.perf_counter()
    build(actor, 400)
    print(f"   (registered 400 documents of 10 articles in {time.perf_counter() - start:.1f} s)")
    bench_search()
    build_obligations(4000)
    bench_overdue()


if __name__ == "__main__":
    main()
