"""Legislation at scale: parsing and indexing a 200-article law, and search over 20,000
documents, each against a baseline measured in the same run.

1. Parse + index: ``services.document_create`` on a generated 200-article law (parse into the
   provision tree, fold the search text, store the document, its version, its provisions one
   depth at a time and its validity events, audit row), against the very rows it wrote put back
   by one raw ``executemany`` per table in one transaction (SQLite) or ``COPY … FROM STDIN``
   (PostgreSQL): no parsing, no folding, no ORM. Best of three.
2. Search: 20,000 documents with Vietnamese titles and bodies built from word lists (numbers
   like ``123/2024/NĐ-CP``), loaded by the bulk path (``bulk_create``, the search text folded by
   ``services.search_words`` as the service does; on PostgreSQL the trigger of migration 0004
   fills the stored vector of each row), then 200 queries, half with diacritics and half the
   same words without, through ``selectors.document_search`` (the ORM, first page of 20 as the
   list page shows it), against the same SQL and parameters (``qs.query.sql_with_params()``)
   run on the raw DB-API cursor under Django's connection (psycopg with client-side binding, as
   Django uses it; sqlite3). p50/p95 of both and the ratio. Both must return the same ids.
   The schema is the shipped one: on PostgreSQL the stored ``search_vector`` (weighted, in the
   accent-folding 'tuphap_vi' configuration) with its GIN index, ranked by ``ts_rank`` on it;
   the script builds no index of its own. It prints whether the plan of a query uses the index.

The search measurement stops after ``--budget`` seconds, having run at least two queries, and
says how many it ran, so the script stays bounded on a slow or busy machine. SQLite always runs
(a throw-away file under ``var/bench/``); when ``DATABASE_URL`` names PostgreSQL the script also
runs against a database ``tuphap_bench_search`` that it creates and drops. Prints figures,
asserts nothing about speed.

Run: ``.venv/bin/python bench/bench_legislation_search.py [--documents N] [--queries N]
[--budget S]``
     ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/...``
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django_setup import setup as _setup

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DB_NAME = "tuphap_bench_search"
PAGE = 20
D = datetime.date
DAY = D(2026, 11, 30)  # the day the validity status is read on

SUBJECTS = [
    "hòa giải trực tuyến",
    "thi hành án dân sự",
    "trợ giúp pháp lý",
    "đăng ký hộ tịch",
    "công chứng",
    "bồi thường nhà nước",
    "xử lý vi phạm hành chính",
    "phổ biến, giáo dục pháp luật",
    "hòa giải ở cơ sở",
    "đấu giá tài sản",
    "lý lịch tư pháp",
    "quốc tịch Việt Nam",
    "nuôi con nuôi",
    "luật sư",
    "giám định tư pháp",
    "thừa phát lại",
    "quản tài viên",
    "trọng tài thương mại",
    "khiếu nại",
    "tố cáo",
    "tiếp công dân",
    "ngân sách nhà nước",
    "quản lý thuế",
    "bảo vệ môi trường",
    "đất đai",
    "nhà ở",
    "kinh doanh bất động sản",
    "giao thông đường bộ",
    "an toàn thực phẩm",
    "phòng cháy, chữa cháy",
    "bảo hiểm xã hội",
    "giáo dục nghề nghiệp",
    "khám bệnh, chữa bệnh",
    "quản lý nợ công",
    "đầu tư công",
    "chuyển đổi số",
    "cơ sở dữ liệu quốc gia về dân cư",
    "giao dịch điện tử",
    "an ninh mạng",
    "điện lực",
    "viễn thông",
    "xây dựng",
    "tài nguyên nước",
    "lâm nghiệp",
    "thủy sản",
]
OPENINGS = [
    "quy định chi tiết một số điều và biện pháp thi hành Luật",
    "sửa đổi, bổ sung một số điều của các nghị định về",
    "hướng dẫn thi hành một số quy định về",
    "quy định về quản lý nhà nước đối với",
    "ban hành quy chế phối hợp trong lĩnh vực",
    "quy định xử phạt vi phạm hành chính trong lĩnh vực",
]
ACTORS = [
    "Cơ quan, tổ chức, cá nhân",
    "Ủy ban nhân dân cấp tỉnh",
    "Ủy ban nhân dân cấp xã",
    "Bộ Tư pháp",
    "Sở Tư pháp",
    "Người yêu cầu",
    "Cơ quan thi hành án dân sự",
    "Tổ chức hành nghề công chứng",
    "Trung tâm trợ giúp pháp lý nhà nước",
]
DUTIES = [
    "có trách nhiệm thực hiện thủ tục",
    "phải cung cấp đầy đủ thông tin, tài liệu",
    "được quyền đề nghị xem xét lại quyết định",
    "có trách nhiệm lưu trữ hồ sơ",
    "phải công khai kết quả giải quyết",
    "được cấp bản sao trích lục",
    "có trách nhiệm báo cáo định kỳ",
    "phải thông báo bằng văn bản cho người có liên quan",
]
MANNERS = [
    "theo quy định của pháp luật",
    "trong thời hạn 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
    "trên môi trường điện tử",
    "thông qua Cổng dịch vụ công quốc gia",
    "bảo đảm công khai, minh bạch",
    "trước ngày 31 tháng 12 hằng năm",
    "kể từ ngày văn bản này có hiệu lực thi hành",
]
HEADINGS = [
    "Phạm vi điều chỉnh",
    "Đối tượng áp dụng",
    "Giải thích từ ngữ",
    "Nguyên tắc thực hiện",
    "Trình tự, thủ tục",
    "Hồ sơ đề nghị",
    "Trách nhiệm của cơ quan quản lý",
    "Kinh phí thực hiện",
    "Hiệu lực thi hành",
]
# type: (number suffix, issuer, title word); circulars of several ministries
TYPES = [
    ("decree", "NĐ-CP", "Chính phủ", "Nghị định"),
    ("decree", "NĐ-CP", "Chính phủ", "Nghị định"),
    ("circular", "TT-BTP", "Bộ Tư pháp", "Thông tư"),
    ("circular", "TT-BTC", "Bộ Tài chính", "Thông tư"),
    ("circular", "TT-BCA", "Bộ Công an", "Thông tư"),
    ("circular", "TT-BGDĐT", "Bộ Giáo dục và Đào tạo", "Thông tư"),
    ("pm_decision", "QĐ-TTg", "Thủ tướng Chính phủ", "Quyết định"),
    ("government_resolution", "NQ-CP", "Chính phủ", "Nghị quyết"),
    ("law", "QH15", "Quốc hội", "Luật"),
]


# -- set-up -------------------------------------------------------------------------------------


def _actor() -> Any:
    from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User, UserRole
    from tuphap.accounts.roles import Role

    ministry = Agency.objects.create(
        code="BTP", name="Bộ Tư pháp", kind=AgencyKind.MINISTRY, level=AgencyLevel.NATIONAL
    )
    user = User.objects.create(username="bench", agency=ministry)
    UserRole.objects.create(user=user, role=Role.MINISTRY_SPECIALIST)
    return user


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# -- 1. parse and index a 200-article law -------------------------------------------------------


def law_text(articles: int, generator: random.Random) -> str:
    lines = ["QUỐC HỘI", "LUẬT", "THỬ NGHIỆM HIỆU NĂNG", "", "Căn cứ Hiến pháp;", ""]
    for number in range(1, articles + 1):
        if number % 20 == 1:
            lines += [f"Chương {_roman(number // 20 + 1)}", generator.choice(SUBJECTS).upper()]
        lines.append(f"Điều {number}. {generator.choice(HEADINGS)}")
        for clause in range(1, generator.randint(2, 4) + 1):
            lines.append(f"{clause}. {_sentence(generator)}:")
            if clause == 1:
                lines += [f"{letter}) {_sentence(generator)};" for letter in "abc"]
        if number % 10 == 0:
            lines.append(f"{clause + 1}. Chính phủ quy định chi tiết khoản 1 Điều này.")
    return "\n".join(lines) + "\n"


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for value, letters in numerals:
        while number >= value:
            text, number = text + letters, number - value
    return text


def _sentence(generator: random.Random, subject: str | None = None) -> str:
    """A clause; a document's clauses are mostly about its own subject."""
    about = subject if subject and generator.random() < 0.85 else generator.choice(SUBJECTS)
    return (
        f"{generator.choice(ACTORS)} {generator.choice(DUTIES)} về "
        f"{about} {generator.choice(MANNERS)}"
    )


def _captured(document: Any) -> list[tuple[Any, list[str], list[tuple[Any, ...]]]]:
    """The rows ``document_create`` wrote for ``document``, in the database's form."""
    from django.db import connection

    from tuphap.legislation.documents.models import (
        Document,
        DocumentVersion,
        Provision,
        ValidityEvent,
    )

    tables = [
        (Document, Document.objects.filter(pk=document.pk)),
        (DocumentVersion, DocumentVersion.objects.filter(document=document)),
        (Provision, Provision.objects.filter(version__document=document)),
        (ValidityEvent, ValidityEvent.objects.filter(document=document)),
    ]
    captured = []
    for model, rows in tables:
        fields = model._meta.concrete_fields
        values = [
            tuple(
                field.get_db_prep_value(getattr(row, field.attname), connection) for field in fields
            )
            for row in rows.order_by("pk")
        ]
        captured.append((model, [field.column for field in fields], values))
    return captured


def _raw_insert(captured: list[tuple[Any, list[str], list[tuple[Any, ...]]]]) -> None:
    """One transaction: COPY (PostgreSQL) or one executemany (SQLite) per table."""
    from django.db import connection, transaction

    with transaction.atomic():
        raw = connection.connection.cursor()
        for model, columns, rows in captured:
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(column) for column in columns)
            if connection.vendor == "postgresql":
                with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(columns))
                raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def bench_parse_and_index(actor: Any, engine: str) -> None:
    from tuphap.legislation.documents import services
    from tuphap.legislation.documents.models import Document, DocumentType, Provision

    text = law_text(200, random.Random(7))
    ours, baseline, provisions = [], [], 0
    for attempt in range(3):
        start = time.perf_counter()
        document = services.document_create(
            actor=actor,
            doc_type=DocumentType.LAW,
            number=f"{attempt + 1}/2026/QH15",
            issuer="Quốc hội",
            signed_on=D(2026, 6, 10),
            effective_on=D(2027, 1, 1),
            title="Luật Thử nghiệm hiệu năng",
            text=text,
        )
        ours.append(time.perf_counter() - start)
        captured = _captured(document)
        provisions = len(captured[2][2])
        Document.objects.filter(pk=document.pk).delete()
        start = time.perf_counter()
        _raw_insert(captured)
        baseline.append(time.perf_counter() - start)
    assert Provision.objects.count() == 3 * provisions
    mine, theirs = min(ours), min(baseline)
    print(
        f"[{engine}] 1. parse + index a 200-article law ({len(text):,} characters, "
        f"{provisions:,} provisions): ours {mine * 1000:.1f} ms, the same rows by "
        f"{'COPY' if engine == 'postgresql' else 'executemany'} {theirs * 1000:.1f} ms, "
        f"ratio {mine / theirs:.1f}×"
    )


# -- 2. search over 20,000 documents ------------------------------------------------------------


def _document_rows(count: int, generator: random.Random) -> list[Any]:
    from tuphap.legislation.documents import services
    from tuphap.legislation.documents.models import Document, IssuerLevel

    numbers: dict[tuple[str, int], int] = {}
    documents = []
    for _ in range(count):
        doc_type, suffix, issuer, word = generator.choice(TYPES)
        year = generator.randint(2015, 2026)
        value = numbers[(suffix, year)] = numbers.get((suffix, year), 0) + 1
        number = f"{value}/{year}/{suffix}"
        subject = generator.choice(SUBJECTS)
        title = (
            f"Luật {subject.capitalize()}"
            if doc_type == "law"
            else f"{word} {generator.choice(OPENINGS)} {subject}"
        )
        body = "\n".join(
            f"Điều {article}. {generator.choice(HEADINGS)}\n1. {_sentence(generator, subject)}.\n"
            f"2. {_sentence(generator, subject)}."
            for article in range(1, generator.randint(3, 6) + 1)
        )
        signed = D(year, generator.randint(1, 12), generator.randint(1, 28))
        documents.append(
            Document(
                doc_type=doc_type,
                number=number,
                number_value=value,
                year=year,
                issuer=issuer,
                issuer_level=IssuerLevel.CENTRAL,
                signed_on=signed,
                effective_on=signed + datetime.timedelta(days=45),
                title=title,
                search_text=services.search_words(f"{number} {title} {body}"),
            )
        )
    return documents


def load_documents(count: int) -> float:
    """The bulk path: documents and their in-force events with ``bulk_create``."""
    from django.db import transaction

    from tuphap.legislation.documents.models import Document, ValidityEvent, ValidityStatus

    generator = random.Random(2024)
    rows = _document_rows(count, generator)
    start = time.perf_counter()
    with transaction.atomic():
        created = Document.objects.bulk_create(rows, batch_size=2000)
        ValidityEvent.objects.bulk_create(
            [
                ValidityEvent(
                    document=row, occurred_on=row.effective_on, status=ValidityStatus.IN_FORCE
                )
                for row in created
            ],
            batch_size=5000,
        )
    return time.perf_counter() - start


def queries(count: int) -> list[str]:
    """Half with diacritics, half the same words without (the way people type)."""
    from tuphap.core.text import fold
    from tuphap.legislation.documents.models import Document

    generator = random.Random(99)
    base = list(SUBJECTS)
    base += [f"{generator.choice(['nghị định', 'thông tư'])} {subject}" for subject in SUBJECTS]
    numbers = list(Document.objects.order_by("id").values_list("number", flat=True))
    base += generator.sample(numbers, min(40, len(numbers)))
    base += [f"{generator.choice(HEADINGS)} {subject}" for subject in SUBJECTS[:20]]
    chosen = generator.sample(base, min(len(base), count // 2))
    return [text for query in chosen for text in (query, fold(query))]


def _timed(function: Callable[[], list[int]]) -> tuple[float, list[int]]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def _selector(text: str) -> Any:
    from tuphap.legislation.documents import selectors

    return selectors.document_search(text, day=DAY)


def search_times(texts: list[str], budget: float) -> tuple[list[float], list[float]]:
    """Each query through the ORM and as raw SQL (alternately first, so that neither always
    finds a warm cache), until all ran or ``budget`` seconds have passed (at least two)."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection.cursor()
    placeholder = "?" if connection.vendor == "sqlite" else "%s"
    ours: list[float] = []
    baseline: list[float] = []
    deadline = time.perf_counter() + budget
    for index, text in enumerate(texts):
        if index >= 2 and time.perf_counter() > deadline:
            break

        def orm(text: str = text) -> list[int]:
            return [row.pk for row in _selector(text)[:PAGE]]

        sql, params = _selector(text)[:PAGE].query.sql_with_params()
        sql = sql.replace("%s", placeholder)

        def direct(sql: str = sql, params: Any = params) -> list[int]:
            raw.execute(sql, params)
            return [row[0] for row in raw.fetchall()]

        if index % 2:
            theirs, expected = _timed(direct)
            mine, found = _timed(orm)
        else:
            mine, found = _timed(orm)
            theirs, expected = _timed(direct)
        assert found == expected, (text, found, expected)
        ours.append(mine)
        baseline.append(theirs)
    return ours, baseline


def _print_search(engine: str, label: str, texts: list[str], times: Any) -> None:
    ours, baseline = times
    p95_ours, p95_raw = _percentile(ours, 0.95), _percentile(baseline, 0.95)
    ran = (
        f"{len(ours)} queries"
        if len(ours) == len(texts)
        else f"{len(ours)} of {len(texts)} queries (time budget)"
    )
    print(
        f"[{engine}] 2. search {label}, {ran}, half without diacritics, "
        f"first page of {PAGE}: ours p50 {_percentile(ours, 0.5) * 1000:.1f} ms "
        f"p95 {p95_ours * 1000:.1f} ms; same SQL on the raw cursor p50 "
        f"{_percentile(baseline, 0.5) * 1000:.1f} ms p95 {p95_raw * 1000:.1f} ms; "
        f"p95 ours/raw {p95_ours / p95_raw:.2f} (ours at {p95_raw / p95_ours:.2f}× raw speed)"
    )


def _plan_uses_index(text: str) -> str:
    """Whether PostgreSQL's plan for ``text`` reads the GIN index on the stored vector."""
    from django.db import connection

    sql, params = _selector(text)[:PAGE].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return "yes" if "legislation_search_vector" in plan else "no"


def bench_search(documents: int, count: int, budget: float) -> None:
    from django.db import connection

    engine = connection.vendor
    seconds = load_documents(documents)
    print(f"[{engine}]    loaded {documents:,} documents (bulk path) in {seconds:.1f} s")
    texts = queries(count)
    if engine != "postgresql":
        _print_search(engine, "(whole-word LIKE per word)", texts, search_times(texts, budget))
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE legislation_document")
    print(
        f"[{engine}]    the plan of {texts[0]!r} reads the GIN index on search_vector: "
        f"{_plan_uses_index(texts[0])}"
    )
    _print_search(
        engine,
        "(stored vector, GIN index, ts_rank, as shipped)",
        texts,
        search_times(texts, budget),
    )


# -- running ------------------------------------------------------------------------------------


def run(arguments: argparse.Namespace) -> None:
    from django.db import connection

    actor = _actor()
    bench_parse_and_index(actor, connection.vendor)
    bench_search(arguments.documents, arguments.queries, arguments.budget)


def _child(url: str, arguments: argparse.Namespace) -> None:
    subprocess.run(  # noqa: S603 - this script, with a throw-away database it names
        [
            sys.executable,
            __file__,
            "--inner",
            url,
            f"--documents={arguments.documents}",
            f"--queries={arguments.queries}",
            f"--budget={arguments.budget}",
        ],
        check=True,
    )


def _postgres(database_url: str, arguments: argparse.Namespace) -> None:
    import psycopg
    from psycopg import sql

    base, _, _name = database_url.rpartition("/")
    admin = f"{base}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DB_NAME)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
    try:
        _child(f"{base}/{DB_NAME}", arguments)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(DB_NAME)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--budget", type=float, default=40.0, help="seconds at most per search measurement"
    )
    parser.add_argument("--inner", default="")
    arguments = parser.parse_args()
    if arguments.inner:
        _setup(arguments.inner)
        run(arguments)
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    database = BENCH_DIR / "bench_legislation_search.sqlite3"
    for old in BENCH_DIR.glob("bench_legislation_search.sqlite3*"):
        old.unlink()
    try:
        _child(f"sqlite:///{database}", arguments)
    finally:
        for old in BENCH_DIR.glob("bench_legislation_search.sqlite3*"):
            old.unlink()
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        _postgres(url, arguments)
    else:
        print("(PostgreSQL figures: set DATABASE_URL to a PostgreSQL server.)")
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
