"""Loading the real package data into the database: once for this module, removed after it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from conftest import api_as
from tuphap.accounts.tests import factories as account_factories
from tuphap.core.models import AuditEvent
from tuphap.places import crosswalk
from tuphap.places.loaders import LoadResult, administrative_units_load
from tuphap.places.loaders.sources import Dataset, SuccessionRecord, UnitRecord
from tuphap.places.models import AdministrativeUnit, UnitSuccession

NEW = datetime.date(2025, 7, 1)
OLD_END = datetime.date(2025, 6, 30)


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadResult]:
    with django_db_blocker.unblock():
        result = administrative_units_load(progress=False)
    yield result
    # Plain SQL: the rows are ours alone, and the ORM's collector would visit every model that
    # points at a unit, in batches, for nothing.
    units = AdministrativeUnit._meta.db_table
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {UnitSuccession._meta.db_table}")  # noqa: S608 (table names come from the models)
        cursor.execute(f"UPDATE {units} SET parent_id = NULL, province_id = NULL")  # noqa: S608 (table names come from the models)
        cursor.execute(f"DELETE FROM {units}")  # noqa: S608 (table names come from the models)
        AuditEvent.objects.filter(action="places.units.loaded").delete()


def _counts() -> dict[tuple[str, bool], int]:
    rows = AdministrativeUnit.objects.values("level", "valid_from").annotate(n=Count("id"))
    return {(row["level"], row["valid_from"] == NEW): row["n"] for row in rows}


def test_first_load_creates_every_unit_and_crosswalk_row(db: Any, loaded: LoadResult) -> None:
    assert (loaded.units_created, loaded.units_updated) == (14149, 0)
    assert (loaded.successions_created, loaded.successions_updated) == (10665, 0)
    assert _counts() == {
        ("province", False): 63,
        ("district", False): 696,
        ("commune", False): 10035,
        ("province", True): 34,
        ("commune", True): 3321,
    }
    kinds = dict(
        UnitSuccession.objects.values_list("kind").annotate(n=Count("id")).order_by("kind")
    )
    assert kinds == {"partial": 1033, "whole": 9632}
    assert AdministrativeUnit.objects.filter(province__isnull=True).count() == 0


def test_the_reused_code_00004_gives_two_units(db: Any, loaded: LoadResult) -> None:
    units = AdministrativeUnit.objects.filter(code="00004").select_related("parent", "province")

    assert sorted(
        (unit.name, unit.valid_from, unit.valid_to, unit.parent.name, unit.province.valid_from)
        for unit in units
    ) == [
        ("Phường Ba Đình", NEW, None, "Thành phố Hà Nội", NEW),
        ("Phường Trúc Bạch", None, OLD_END, "Quận Ba Đình", None),
    ]
    assert AdministrativeUnit.objects.valid_on(datetime.date(2025, 6, 30)).get(
        code="00004"
    ).name == ("Phường Trúc Bạch")
    assert AdministrativeUnit.objects.valid_on(NEW).get(code="00004").name == "Phường Ba Đình"


def test_units_know_their_province_and_folded_name(db: Any, loaded: LoadResult) -> None:
    truc_bach = AdministrativeUnit.objects.get(code="00004", valid_from=None)
    ha_noi_old = AdministrativeUnit.objects.get(level="province", code="01", valid_from=None)

    assert truc_bach.province_id == ha_noi_old.pk
    assert ha_noi_old.province_id == ha_noi_old.pk
    assert truc_bach.name_folded == "phuong truc bach"
    assert truc_bach.parent is not None
    assert truc_bach.parent.parent_id == ha_noi_old.pk


def test_a_second_run_writes_nothing(db: Any, loaded: LoadResult) -> None:
    audit_rows = AuditEvent.objects.count()

    again = administrative_units_load(progress=False)

    assert again.changed is False
    assert AuditEvent.objects.count() == audit_rows
    assert AdministrativeUnit.objects.count() == 14149


def test_the_command_says_the_data_are_already_loaded(
    db: Any, loaded: LoadResult, capsys: Any
) -> None:
    call_command("load_places", "--no-progress")

    out = capsys.readouterr().out
    assert "already loaded (vietnam-provinces 2025.10.1, vietnamadminunits 1.0.4)" in out


def test_a_changed_name_is_updated_in_place(db: Any, loaded: LoadResult) -> None:
    unit = AdministrativeUnit.objects.get(code="00004", valid_from=NEW)
    AdministrativeUnit.objects.filter(pk=unit.pk).update(name="Phường Sai", name_folded="x")

    result = administrative_units_load(progress=False)

    unit.refresh_from_db()
    assert (result.units_created, result.units_updated) == (0, 1)
    assert (unit.name, unit.name_folded) == ("Phường Ba Đình", "phuong ba dinh")
    assert AuditEvent.objects.filter(action="places.units.loaded").count() == 2


def test_the_load_is_all_or_nothing(db: Any, loaded: LoadResult) -> None:
    before = AdministrativeUnit.objects.count()
    unit = UnitRecord("province", "99", "Tỉnh Thử", "Tỉnh", NEW, None)
    broken = Dataset(
        units=[unit],
        successions=[SuccessionRecord(unit.key, ("province", "98", NEW), "whole")],
    )

    with pytest.raises(KeyError):
        administrative_units_load(dataset=broken)

    assert AdministrativeUnit.objects.count() == before
    assert not AdministrativeUnit.objects.filter(code="99").exists()


def test_crosswalk_on_the_real_data(db: Any, loaded: LoadResult) -> None:
    truc_bach = AdministrativeUnit.objects.get(code="00004", valid_from=None)
    dien_bien = AdministrativeUnit.objects.get(
        name="Phường Điện Biên", valid_from=None, province__code="01"
    )
    ba_dinh = AdministrativeUnit.objects.get(code="00004", valid_from=NEW)

    assert crosswalk.successors(truc_bach, NEW) == [(ba_dinh, "whole")]
    assert [(unit.code, kind) for unit, kind in crosswalk.successors(dien_bien, NEW)] == [
        ("00004", "partial"),
        ("00070", "partial"),
        ("00190", "partial"),
        ("00196", "partial"),
    ]
    assert (truc_bach, "whole") in crosswalk.predecessors(ba_dinh, OLD_END)
    assert (dien_bien, "partial") in crosswalk.predecessors(ba_dinh, OLD_END)


def test_bulk_maps_cover_every_old_unit(
    db: Any, loaded: LoadResult, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        communes = crosswalk.old_to_new_map("commune")
        provinces = crosswalk.old_to_new_map("province")

    assert len(communes) == 10040  # 10,035 communes and 5 island districts
    assert sum(len(targets) for targets in communes.values()) == 10602
    assert len(provinces) == 63
    assert {kind for targets in provinces.values() for _new, kind in targets} == {"whole"}


def test_api_search_without_diacritics_on_the_real_data(db: Any, loaded: LoadResult) -> None:
    user = account_factories.user("reader", None)  # reference data: any signed-in user

    response = api_as(user).get("/api/v1/places/", {"q": "nghe an", "at": "2026-01-01"})

    assert response.status_code == 200
    first = response.json()["results"][0]
    assert (first["name"], first["code"], first["level"]) == ("Tỉnh Nghệ An", "40", "province")
