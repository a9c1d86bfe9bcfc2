"""Reading the administrative units shipped inside two installed packages (no network).

* ``vietnam-provinces`` (sunshine-tech/VietnamProvinces): the list from 1 July 2025 (34
  provinces, 3,321 communes) with the codes published by the National Statistics Office.
* ``vietnamadminunits`` (tranngocminhhieu/vietnamadminunits): the list as it stood until
  30 June 2025 (63 provinces, districts, communes) in ``data/dataset.db``, and the old → new
  conversion tables in ``data/converter_2025.json``.

The two packages disagree on the code of about 120 new communes (``vietnamadminunits`` follows
an earlier draft), so the crosswalk is joined to the new list by province and name, never by
code. Everything here is pure: it returns plain records and touches no database.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tuphap.places.models import REORGANISATION_DATE, Level, UnitSuccession

OLD_END = REORGANISATION_DATE - datetime.timedelta(days=1)
CENTRAL_CITY = "Thành phố trung ương"
PROVINCE = "Tỉnh"

# Districts of type "Thành phố" are provincial cities, or (Thủ Đức) a city within a central city.
_DISTRICT_CITY_TYPE = {
    PROVINCE: "Thành phố thuộc tỉnh",
    CENTRAL_CITY: "Thành phố thuộc thành phố trung ương",
}


class SourceError(Exception):
    """The package data are not what the loader expects (a new package version, say)."""


@dataclass(frozen=True)
class UnitRecord:
    level: str
    code: str
    name: str
    unit_type: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    parent: tuple[str, str, datetime.date | None] | None = None
    province: tuple[str, str, datetime.date | None] | None = None  # None: the unit itself

    @property
    def key(self) -> tuple[str, str, datetime.date | None]:
        """The natural key, as in the model's unique constraint: (level, code, valid_from)."""
        return (self.level, self.code, self.valid_from)


UnitKey = tuple[str, str, datetime.date | None]


@dataclass(frozen=True)
class SuccessionRecord:
    predecessor: UnitKey
    successor: UnitKey
    kind: str
    note: str = ""


@dataclass
class Dataset:
    units: list[UnitRecord]  # parents before children
    successions: list[SuccessionRecord]
    versions: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for unit in self.units:
            era = "new" if unit.valid_from == REORGANISATION_DATE else "old"
            counts[f"{unit.level}_{era}"] += 1
        for succession in self.successions:
            counts[f"succession_{succession.predecessor[0]}_{succession.kind}"] += 1
        return dict(sorted(counts.items()))


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SourceError(f"The package {name!r} is not installed.")
    return Path(next(iter(spec.submodule_search_locations)))


def package_versions() -> dict[str, str]:
    return {
        name: importlib.metadata.version(name)
        for name in ("vietnam-provinces", "vietnamadminunits")
    }


_SPACES = re.compile(r"\s+")
# Old-style tone placement (Hoà, Thuỷ) → new style (Hòa, Thủy) at the end of a syllable.
_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_OLD_TONE = re.compile(f"({'|'.join(_OLD_TONES)})(?![^\\W\\d_])")


def clean_name(name: str) -> str:
    """Tidy a published name: Unicode NFC, single spaces (the NSO list has some doubled)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()


def match_key(name: str) -> str:
    """A key under which spelling variants of one name agree, keeping the diacritics that tell
    different communes apart (Văn Lang ≠ Văn Lăng): case, tone placement, dashes, apostrophes."""
    text = clean_name(name).lower().replace("’", "'").replace("–", "-")
    return _OLD_TONE.sub(lambda found: _OLD_TONES[found.group(1)], text)


def _legacy_rows(database: Path) -> list[sqlite3.Row]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        connection.row_factory = sqlite3.Row
        return connection.execute(
            "SELECT province, provinceCode, provinceKey, district, districtType, districtCode,"
            " districtKey, ward, wardType, wardCode, wardKey"
            " FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
    finally:
        connection.close()


def _new_rows_adminunits(database: Path) -> list[sqlite3.Row]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        connection.row_factory = sqlite3.Row
        return connection.execute(
            "SELECT provinceCode, provinceKey, ward, wardCode, wardKey FROM admin_units"
        ).fetchall()
    finally:
        connection.close()


def legacy_units(rows: Iterable[Any]) -> list[UnitRecord]:
    """Provinces, districts and communes valid until 30 June 2025, parents first."""
    provinces: dict[str, UnitRecord] = {}
    districts: dict[str, UnitRecord] = {}
    communes: list[UnitRecord] = []
    for row in rows:
        province_code = row["provinceCode"]
        if province_code not in provinces:
            name = clean_name(row["province"])
            provinces[province_code] = UnitRecord(
                level=Level.PROVINCE,
                code=province_code,
                name=name,
                unit_type=CENTRAL_CITY if name.startswith("Thành phố ") else PROVINCE,
                valid_from=None,
                valid_to=OLD_END,
            )
        province = provinces[province_code]
        district_code = row["districtCode"]
        if district_code not in districts:
            district_type = row["districtType"]
            if district_type == "Thành phố":
                district_type = _DISTRICT_CITY_TYPE[province.unit_type]
            districts[district_code] = UnitRecord(
                level=Level.DISTRICT,
                code=district_code,
                name=clean_name(row["district"]),
                unit_type=district_type,
                valid_from=None,
                valid_to=OLD_END,
                parent=province.key,
                province=province.key,
            )
        if row["wardCode"]:  # five island districts have no communes
            communes.append(
                UnitRecord(
                    level=Level.COMMUNE,
                    code=row["wardCode"],
                    name=clean_name(row["ward"]),
                    unit_type=row["wardType"],
                    valid_from=None,
                    valid_to=OLD_END,
                    parent=districts[district_code].key,
                    province=province.key,
                )
            )
    return [*provinces.values(), *districts.values(), *communes]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def current_units(nested: list[dict[str, Any]]) -> list[UnitRecord]:
    """The 34 provinces and their communes from 1 July 2025 (no districts), parents first."""
    provinces: list[UnitRecord] = []
    communes: list[UnitRecord] = []
    for item in nested:
        unit_type = _capitalised(item["division_type"])
        name = clean_name(item["name"])
        if unit_type == PROVINCE and not name.startswith(f"{PROVINCE} "):
            name = f"{PROVINCE} {name}"  # the package drops "Tỉnh" but keeps "Thành phố"
        province = UnitRecord(
            level=Level.PROVINCE,
            code=f"{item['code']:02d}",
            name=name,
            unit_type=unit_type,
            valid_from=REORGANISATION_DATE,
            valid_to=None,
        )
        provinces.append(province)
        communes.extend(
            UnitRecord(
                level=Level.COMMUNE,
                code=f"{ward['code']:05d}",
                name=clean_name(ward["name"]),
                unit_type=_capitalised(ward["division_type"]),
                valid_from=REORGANISATION_DATE,
                valid_to=None,
                parent=province.key,
                province=province.key,
            )
            for ward in item["wards"]
        )
    return [*provinces, *communes]


def commune_successions(
    converter: dict[str, Any],
    legacy_rows: Iterable[Any],
    adminunits_new_rows: Iterable[Any],
    new_units: Iterable[UnitRecord],
) -> list[SuccessionRecord]:
    """The old → new commune crosswalk.

    ``DICT_PROVINCE_WARD_NO_DIVIDED`` lists, per new commune, the old communes that went into it
    whole; ``DICT_PROVINCE_WARD_DIVIDED`` lists the old communes split between several new
    ones. An old commune of the first kind is a ``whole`` predecessor; each part of a split
    one is ``partial`` (the package's default successor is noted). The five island districts,
    which had no communes, become special zones (đặc khu) and appear as districts.
    """
    old_by_key: dict[str, UnitKey] = {}
    for row in legacy_rows:
        source_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        if row["wardCode"]:
            old_by_key[source_key] = (Level.COMMUNE, row["wardCode"], None)
        else:
            old_by_key[source_key] = (Level.DISTRICT, row["districtCode"], None)

    current_by_name = {
        (unit.province[1], match_key(unit.name)): unit.key
        for unit in new_units
        if unit.level == Level.COMMUNE and unit.province is not None
    }
    new_by_key: dict[tuple[str, str], UnitKey] = {}
    for row in adminunits_new_rows:
        found = current_by_name.get((row["provinceCode"], match_key(row["ward"])))
        if found is None:
            raise SourceError(
                f"New commune {row['ward']!r} (province {row['provinceCode']}) of "
                "vietnamadminunits is not in the vietnam-provinces list."
            )
        new_by_key[(row["provinceKey"], row["wardKey"])] = found
    if len(set(new_by_key.values())) != len(new_by_key):
        raise SourceError("Two new communes of vietnamadminunits match the same unit.")

    def new(province_key: str, ward_key: str) -> UnitKey:
        try:
            return new_by_key[(province_key, ward_key)]
        except KeyError:
            raise SourceError(f"Unknown new commune {province_key}/{ward_key}.") from None

    def old(source_key: str) -> UnitKey:
        try:
            return old_by_key[source_key]
        except KeyError:
            raise SourceError(f"Unknown old commune {source_key}.") from None

    whole = UnitSuccession.Kind.WHOLE
    partial = UnitSuccession.Kind.PARTIAL
    rows: list[SuccessionRecord] = []
    for province_key, wards in sorted(converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items()):
        for ward_key, old_keys in sorted(wards.items()):
            successor = new(province_key, ward_key)
            rows.extend(SuccessionRecord(old(key), successor, whole) for key in old_keys)
    for province_key, splits in sorted(converter["DICT_PROVINCE_WARD_DIVIDED"].items()):
        for old_key, parts in sorted(splits.items()):
            rows.extend(
                SuccessionRecord(
                    old(old_key),
                    new(province_key, part["newWardKey"]),
                    partial,
                    "default successor" if part.get("isDefaultNewWard") else "",
                )
                for part in parts
            )
    pairs = {(row.predecessor, row.successor) for row in rows}
    if len(pairs) != len(rows):
        raise SourceError("The crosswalk lists a predecessor → successor pair twice.")
    return rows


def province_successions(
    commune_rows: Iterable[SuccessionRecord], units: Iterable[UnitRecord]
) -> list[SuccessionRecord]:
    """Old province → new province, derived from the commune crosswalk: ``whole`` when every
    old commune of the province went to the same new province, otherwise ``partial``."""
    province_of = {unit.key: unit.province or unit.key for unit in units}
    targets: dict[UnitKey, set[UnitKey]] = defaultdict(set)
    for row in commune_rows:
        targets[province_of[row.predecessor]].add(province_of[row.successor])
    result: list[SuccessionRecord] = []
    for old_province, new_provinces in sorted(targets.items(), key=lambda item: item[0][1]):
        kind = UnitSuccession.Kind.WHOLE if len(new_provinces) == 1 else UnitSuccession.Kind.PARTIAL
        result.extend(
            SuccessionRecord(old_province, new_province, kind)
            for new_province in sorted(new_provinces, key=lambda key: key[1])
        )
    return result


def read_packages() -> Dataset:
    """Everything the loader writes, read from the installed packages."""
    adminunits = _package_dir("vietnamadminunits") / "data"
    provinces_package = _package_dir("vietnam_provinces") / "data"
    legacy_rows = _legacy_rows(adminunits / "dataset.db")
    with (provinces_package / "nested-divisions.json").open(encoding="utf-8") as handle:
        nested = json.load(handle)
    with (adminunits / "converter_2025.json").open(encoding="utf-8") as handle:
        converter = json.load(handle)

    old_units = legacy_units(legacy_rows)
    new_units = current_units(nested)
    communes = commune_successions(
        converter, legacy_rows, _new_rows_adminunits(adminunits / "dataset.db"), new_units
    )
    units = [*old_units, *new_units]
    provinces = province_successions(communes, units)
    # Parents first: provinces, then districts, then communes.
    order = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}
    units.sort(key=lambda unit: order[Level(unit.level)])
    return Dataset(units=units, successions=[*provinces, *communes], versions=package_versions())
