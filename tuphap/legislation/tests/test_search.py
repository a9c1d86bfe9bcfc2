"""Search of the register: with or without diacritics, đ and d, ranking, the stored vector and
its migration (docs/domain/legislation.md §6). PostgreSQL matches against the stored vector in
the 'tuphap_vi' configuration; SQLite by a LIKE per folded word. Each test states what each
engine does."""

from __future__ import annotations

import datetime
import unicodedata
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tuphap.core.text import fold
from tuphap.legislation.documents import selectors, services
from tuphap.legislation.documents.models import Document, DocumentType

D = datetime.date
POSTGRESQL = "postgresql"


def _decree(actor: Any, number: str, title: str, text: str, signed_on: D) -> Document:
    return services.document_create(
        actor=actor,
        doc_type=DocumentType.DECREE,
        number=number,
        issuer="Chính phủ",
        signed_on=signed_on,
        effective_on=signed_on + datetime.timedelta(days=45),
        title=title,
        text=text,
    )


@pytest.fixture
def decrees(world: Any) -> dict[str, Document]:
    actor = world.users["ministry_specialist"]
    return {
        "civil_status": _decree(
            actor,
            "87/2020/NĐ-CP",
            "Nghị định quy định về Cơ sở dữ liệu hộ tịch điện tử, đăng ký hộ tịch trực tuyến",
            "Điều 1. Phạm vi điều chỉnh\n"
            "Nghị định này quy định việc Đăng ký khai sinh, khai tử trên môi trường điện tử.\n",
            D(2020, 7, 28),
        ),
        "auction": _decree(
            actor,
            "62/2017/NĐ-CP",
            "Nghị định quy định chi tiết một số điều của Luật Đấu giá tài sản",
            "Điều 1. Phạm vi điều chỉnh\nĐấu giá viên phải đăng ký hành nghề.\n",
            D(2017, 5, 16),
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("đăng ký hộ tịch", ["87/2020/NĐ-CP"], id="with-diacritics"),
        pytest.param("dang ky ho tich", ["87/2020/NĐ-CP"], id="without-diacritics"),
        pytest.param("ĐĂNG KÝ KHAI SINH", ["87/2020/NĐ-CP"], id="capitals-with-đ"),
        pytest.param(
            unicodedata.normalize("NFD", "điện tử"), ["87/2020/NĐ-CP"], id="decomposed-input"
        ),
        pytest.param("dau gia vien", ["62/2017/NĐ-CP"], id="đ-typed-as-d"),
        pytest.param("đâu giá", ["62/2017/NĐ-CP"], id="d-typed-as-đ-and-wrong-tone"),
        pytest.param("Dang ky", ["87/2020/NĐ-CP", "62/2017/NĐ-CP"], id="both"),
        pytest.param("d", [], id="a-letter-is-not-a-prefix"),
        pytest.param("dang ky tau bien", [], id="every-word-must-match"),
    ],
)
def test_search_with_or_without_diacritics(
    decrees: dict[str, Document], query: str, expected: list[str]
) -> None:
    # (where both match, the same order on both engines: PostgreSQL ranks the decree with
    # "đăng ký" in its title first, SQLite lists the newest first, and that is the same one)
    assert [document.number for document in selectors.document_search(query)] == expected


def test_a_match_in_the_title_ranks_before_a_match_in_the_text(world: Any) -> None:
    # given an old decree about bailiffs by title, and a newer one that mentions them in its text
    actor = world.users["ministry_specialist"]
    _decree(
        actor,
        "08/2020/NĐ-CP",
        "Nghị định về tổ chức và hoạt động của Thừa phát lại",
        "Điều 1. Phạm vi điều chỉnh\nNghị định này quy định về tổ chức hành nghề.\n",
        D(2020, 1, 8),
    )
    _decree(
        actor,
        "104/2025/NĐ-CP",
        "Nghị định quy định chi tiết một số điều của Luật Công chứng",
        "Điều 1. Phạm vi điều chỉnh\nCông chứng viên không phải là thừa phát lại. "
        "Văn phòng thừa phát lại không được công chứng. Thừa phát lại lập vi bằng.\n",
        D(2025, 12, 1),
    )
    # when people search for bailiffs, with or without diacritics
    for query in ("thừa phát lại", "thua phat lai"):
        found = [document.number for document in selectors.document_search(query)]
        if connection.vendor == POSTGRESQL:
            # then the decree about them comes first, although it is older
            assert found == ["08/2020/NĐ-CP", "104/2025/NĐ-CP"]
        else:
            # SQLite does not rank: newest first
            assert found == ["104/2025/NĐ-CP", "08/2020/NĐ-CP"]


def _vietnamese_letters() -> dict[str, str]:
    """Every Vietnamese letter with every tone, and đ, each with the ASCII letter it folds to."""
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    bases = {"a": "a", "ă": "a", "â": "a", "e": "e", "ê": "e", "i": "i", "o": "o", "ô": "o"}
    bases |= {"ơ": "o", "u": "u", "ư": "u", "y": "y"}
    letters = {"đ": "d", "Đ": "d"}
    for base, plain in bases.items():
        for tone in tones:
            for letter in (base, base.upper()):
                letters[unicodedata.normalize("NFC", letter + tone)] = plain
    return letters


def test_folding_agrees_with_the_database_on_every_vietnamese_letter(db: Any) -> None:
    letters = _vietnamese_letters()
    assert len(letters) == 12 * 6 * 2 + 2
    words = [f"b{letter}n" for letter in letters]
    expected = [f"b{plain}n" for plain in letters.values()]
    # the application's folding (queries, search_text)
    assert [fold(word) for word in words] == expected
    if connection.vendor == POSTGRESQL:
        # and the 'tuphap_vi' configuration (number and title in the stored vector)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT string_agg(lexeme, ' ') FROM unnest(to_tsvector("
                "%s::regconfig, word))) FROM unnest(%s::text[]) AS word",
                [selectors.SEARCH_CONFIGURATION, words],
            )
            assert [row[0] for row in cursor.fetchall()] == expected


def _lexemes(document: Document, weights: str = "") -> set[str]:
    """The lexemes of the stored vector: those with a position of one of ``weights``, or all."""
    with connection.cursor() as cursor:
        if weights:
            cursor.execute(
                "SELECT tsvector_to_array(ts_filter(search_vector, %s)) "
                "FROM legislation_document WHERE id = %s",
                [list(weights), document.pk],
            )
        else:
            cursor.execute(
                "SELECT tsvector_to_array(search_vector) FROM legislation_document WHERE id = %s",
                [document.pk],
            )
        return set(cursor.fetchone()[0])


def test_the_stored_vector_weights_number_and_title_above_the_text(world: Any) -> None:
    actor = world.users["ministry_specialist"]
    decree = _decree(
        actor,
        "23/2015/NĐ-CP",
        "Nghị định về cấp bản sao từ sổ gốc",
        "Điều 1. Phạm vi điều chỉnh\nChứng thực chữ ký.\n",
        D(2015, 2, 16),
    )
    stored = Document.objects.values_list("search_vector", flat=True).get(pk=decree.pk)
    if connection.vendor != POSTGRESQL:
        # SQLite keeps no vector: its search reads search_text
        assert stored is None
        assert decree.search_text.startswith(" 23 2015 nd cp nghi dinh ve cap ban sao ")
        return
    # number and title, folded, with positions weighted A
    title = {"23", "2015", "nd-cp", "nd", "cp", "nghi", "dinh", "ve", "cap", "ban", "sao"}
    assert _lexemes(decree, "a") == title | {"tu", "so", "goc"}
    assert _lexemes(decree, "bcd") == set()
    # the words of the text, folded, without positions (so in no weight class)
    text = {"dieu", "1", "pham", "vi", "chinh", "chung", "thuc", "chu", "ky"}
    assert _lexemes(decree) == title | {"tu", "so", "goc"} | text
    assert "'chung'" in stored
    assert "'chung':" not in stored
    # whatever writes the title, the vector follows (the trigger)
    Document.objects.filter(pk=decree.pk).update(title="Nghị định về chứng thực")
    assert "chung" in _lexemes(decree, "a")
    assert "sao" not in _lexemes(decree, "a")


SEARCH_MIGRATION = ("legislation", "0004_add_document_search_vector")
BEFORE_SEARCH = ("legislation", "0003_add_checking_and_review")


def _search_schema() -> dict[str, bool]:
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "legislation_document"
            )
        }
        found = {"column": "search_vector" in columns}
        if connection.vendor == POSTGRESQL:
            checks = {
                "configuration": "SELECT count(*) FROM pg_ts_config WHERE cfgname = 'tuphap_vi'",
                "trigger": "SELECT count(*) FROM pg_trigger "
                "WHERE tgname = 'legislation_document_search_vector'",
                "index": "SELECT count(*) FROM pg_indexes "
                "WHERE indexname = 'legislation_search_vector'",
            }
            for name, sql in checks.items():
                cursor.execute(sql)
                found[name] = cursor.fetchone()[0] == 1
    return found


@pytest.mark.django_db(transaction=True)
def test_the_search_migration_is_reversible() -> None:
    executor = MigrationExecutor(connection)
    # backwards: the column (and on PostgreSQL the configuration, trigger and index) go
    executor.migrate([BEFORE_SEARCH])
    assert set(_search_schema().values()) == {False}
    # a document registered before the migration...
    old_apps = executor.loader.project_state(BEFORE_SEARCH).apps
    old_apps.get_model("legislation", "Document").objects.create(
        doc_type=DocumentType.DECREE,
        number="87/2020/NĐ-CP",
        number_value=87,
        year=2020,
        issuer="Chính phủ",
        issuer_level="central",
        signed_on=D(2020, 7, 28),
        effective_on=D(2020, 9, 11),
        title="Nghị định về đăng ký hộ tịch trực tuyến",
        search_text=services.search_words("87/2020/NĐ-CP Nghị định về đăng ký hộ tịch"),
    )
    # forwards again: everything is back
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert set(_search_schema().values()) == {True}
    # ...is found after it, on PostgreSQL through the vector the migration filled in
    found = selectors.document_search("dang ky ho tich")
    assert [document.number for document in found] == ["87/2020/NĐ-CP"]
    if connection.vendor == POSTGRESQL:
        assert Document.objects.filter(search_vector__isnull=True).count() == 0
