"""Importing dissemination sessions from CSV or XLSX (a commune's or department's yearly list):
one row a session. Every row is checked, then every session is recorded through
``services.session_record`` in one transaction: a file with one bad row writes nothing, and each
bad row is reported by line, column and reason (docs/domain/outreach.md §2)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import audit, tabular
from tuphap.core.errors import DomainError
from tuphap.core.tabular import Column, ImportRefused, RowError
from tuphap.outreach.dissemination import rules, services
from tuphap.outreach.people.services import ensure_worker
from tuphap.places.models import AdministrativeUnit

__all__ = ["COLUMNS", "ImportRefused", "Result", "RowError", "import_file", "write_template"]

SHEET = "sessions"


def _one_of(values: Any) -> str:
    return "One of: " + ", ".join(str(v) for v in values if v)


COLUMNS: tuple[Column, ...] = (
    Column(
        "place_code",
        True,
        "Code of the commune or province where it was held (valid on the date)",
        "16681",
    ),
    Column("held_on", True, "YYYY-MM-DD or DD/MM/YYYY", "2026-11-09"),
    Column("form", True, _one_of(rules.Form.values), "direct"),
    Column("topics", True, "Topics disseminated", "Luật Hòa giải ở cơ sở"),
    Column(
        "target_groups",
        True,
        "Comma-separated; " + _one_of(rules.TargetGroup.values),
        "public, farmers",
    ),
    Column("participants", False, "Participants (lượt người), a whole number", "120"),
    Column("contestants", False, "A contest: its contestants", ""),
    Column("materials", False, "Copies of materials distributed", "100"),
    Column("venue", False, "Venue", "Nhà văn hóa tổ dân phố 5"),
    Column("documents", False, "Numbers and symbols, separated by ;", "35/2013/QH13; 14/2012/QH13"),
)
FIELD_COLUMNS = {"place": "place_code", "leaders": "documents"}


@dataclass(frozen=True)
class Result:
    sessions: int
    dry_run: bool


def write_template(path: Path) -> None:
    if path.suffix.lower() == ".xlsx":
        tabular.write_xlsx_template(path, ((SHEET, COLUMNS),))
    else:
        tabular.write_csv_template(path, COLUMNS)


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value).strip()


def _day(values: dict[str, Any], line: int, errors: list[RowError]) -> datetime.date | None:
    value = values.get("held_on")
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(values, "held_on")
    if not text:
        errors.append(RowError(line, "held_on", _("This field is required.")))
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    errors.append(RowError(line, "held_on", _("Not a date: write YYYY-MM-DD or DD/MM/YYYY.")))
    return None


def _count(values: dict[str, Any], name: str, line: int, errors: list[RowError]) -> int:
    text = _text(values, name)
    if not text:
        return 0
    try:
        number = int(float(text)) if "." in text else int(text)
    except ValueError:
        errors.append(RowError(line, name, _("Not a whole number.")))
        return 0
    return number


def _parse(
    line: int,
    values: dict[str, Any],
    places: dict[str, list[AdministrativeUnit]],
    errors: list[RowError],
) -> tuple[AdministrativeUnit | None, services.SessionData | None]:
    before = len(errors)
    day = _day(values, line, errors)
    code = _text(values, "place_code")
    place = None
    if not code:
        errors.append(RowError(line, "place_code", _("This field is required.")))
    elif day is not None:
        place = next((u for u in places.get(code, []) if u.is_valid_on(day)), None)
        if place is None:
            errors.append(
                RowError(line, "place_code", _("No unit with this code was valid on that date."))
            )
    form = _text(values, "form").lower()
    if form not in rules.Form.values:
        errors.append(RowError(line, "form", _("Unknown value “%(value)s”.") % {"value": form}))
    groups = [g.strip().lower() for g in _text(values, "target_groups").split(",") if g.strip()]
    unknown = [g for g in groups if g not in rules.TargetGroup.values]
    if unknown:
        errors.append(
            RowError(line, "target_groups", _("Unknown value “%(value)s”.") % {"value": unknown[0]})
        )
    counts = {
        name: _count(values, name, line, errors)
        for name in ("participants", "contestants", "materials")
    }
    documents = [
        services.DocumentData(number.strip())
        for number in _text(values, "documents").split(";")
        if number.strip()
    ]
    if len(errors) > before or day is None:
        return None, None
    return place, services.SessionData(
        held_on=day,
        form=form,
        topics=_text(values, "topics"),
        target_groups=groups,
        venue=_text(values, "venue"),
        documents=documents,
        participants=counts["participants"],
        contestants=counts["contestants"],
        materials=counts["materials"],
    )


def import_file(path: Path, *, actor: Any, dry_run: bool = False) -> Result:
    """Check every row of ``path``, then record them all through the service in one
    transaction; ``ImportRefused`` with every bad row (nothing written) otherwise."""
    ensure_worker(actor)
    raw, header_errors = tabular.read_table(path, COLUMNS, sheet=SHEET)
    if header_errors:
        raise ImportRefused(header_errors)
    codes = {_text(values, "place_code") for _line, values in raw}
    places: dict[str, list[AdministrativeUnit]] = {}
    for unit in AdministrativeUnit.objects.filter(code__in=codes).order_by("-level"):
        places.setdefault(unit.code, []).append(unit)
    errors: list[RowError] = []
    plans = [(line, *_parse(line, values, places, errors)) for line, values in raw]
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        for line, place, data in plans:
            assert data is not None  # noqa: S101 - no error: parsed
            try:
                services.session_record(actor=actor, place=place, data=data)
            except DomainError as error:
                errors += [
                    RowError(line, FIELD_COLUMNS.get(name, name), reason)
                    for name, reasons in error.fields.items()
                    for reason in reasons
                ] or [RowError(line, "", error.message)]
        if errors:
            raise ImportRefused(errors)
        audit.record(
            actor=actor,
            action="outreach.sessions.imported",
            data={"file": path.name, "sessions": len(plans), "at": timezone.now().isoformat()},
        )
        if dry_run:
            transaction.set_rollback(True)
    return Result(len(plans), dry_run)
