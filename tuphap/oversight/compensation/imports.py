"""Importing compensation claims from CSV or XLSX, as an agency's book of claims or a former
system holds them: one row a claim as received (the file of Luật TNBTCNN 2017 Art. 41), with its
claimant, basis document and the amount claimed under each head of damage. Every row is checked,
then every claim is received through the same service as the page (``services.claim_open``:
numbered in the agency's book, its clocks started, audited) in one transaction: a file with one
bad row writes nothing, and each bad row is reported by line, column and reason.

Money is a whole number of đồng (``core.money``): ``150000000`` or ``150.000.000``; an amount
with a decimal part (``1500000,5``, ``1500000.5``, an XLSX number with a fraction) is refused,
never rounded."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from django.db import transaction
from django.utils.translation import gettext as _

from tuphap.core import audit, tabular
from tuphap.core.errors import AccessDenied, DomainError
from tuphap.core.money import parse_vnd
from tuphap.core.tabular import Column, ImportRefused, RowError
from tuphap.oversight.compensation import permissions, rules, services
from tuphap.places.models import AdministrativeUnit, Level

__all__ = ["COLUMNS", "ImportRefused", "Result", "RowError", "import_file", "write_template"]

SHEET: Final = "claims"
MAX_ROWS: Final = 5000


def _one_of(values: Any) -> str:
    return "One of: " + ", ".join(str(v) for v in values if v)


def damage_column(head: str) -> str:
    return f"damage_{head}"


COLUMNS: tuple[Column, ...] = (
    Column(
        "received_on", True, "Day the claim was received: YYYY-MM-DD or DD/MM/YYYY", "2026-02-12"
    ),
    Column("by_post", False, "Received by post: yes or no (no when empty)", "no"),
    Column(
        "place_code", True, "Code of the claimant's commune (valid on the day received)", "16681"
    ),
    Column("claimant_kind", True, _one_of(rules.ClaimantKind.values), "injured"),
    Column("claimant_name", True, "Claimant's name", "Trần Văn Oan"),
    Column("claimant_pin", False, "Personal identification number, 12 digits", "040090001234"),
    Column("claimant_address", False, "Address", "Phường Trường Vinh, Nghệ An"),
    Column("injured_name", False, "The injured person, when an heir or representative claims", ""),
    Column("sector", True, _one_of(rules.Sector.values), "criminal"),
    Column("basis_kind", True, _one_of(rules.BasisKind.values), "acquittal"),
    Column("basis_number", True, "Number of the basis document", "15/2026/HS-PT"),
    Column("basis_date", True, "Date of the basis document", "2026-01-20"),
    Column("basis_issuer", False, "Issued by", "Tòa án nhân dân tỉnh Nghệ An"),
    Column("basis_received_on", True, "Day the claimant received the basis document", "2026-01-25"),
    Column(
        "excluded_periods",
        False,
        "Periods not counted in the statute: first and last day | …",
        "",
    ),
    Column(
        "unlawful_act",
        True,
        "The unlawful act",
        "Bị tạm giam 180 ngày rồi được tuyên không phạm tội",
    ),
    Column("honour_form", False, _one_of(rules.HonourForm.values), "apology"),
    *(
        Column(
            damage_column(head),
            False,
            f"{head}: amount claimed, whole đồng (at least one head)",
            example,
        )
        for head, example in zip(
            rules.DamageHead.values,
            ("40000000", "60000000", "", "", "200000000", ""),
            strict=True,
        )
    ),
)
# A service's field → the column that carries it.
FIELD_COLUMNS: Final = {"place": "place_code", "damages": damage_column(rules.DamageHead.PROPERTY)}
_YES: Final = {"yes", "y", "true", "1", "có", "x"}
_NO: Final = {"", "no", "n", "false", "0", "không"}


@dataclass
class Result:
    claims: int
    claimed: int  # đồng, all heads of all claims
    dry_run: bool


def write_template(path: Path) -> None:
    if path.suffix.lower() == ".xlsx":
        tabular.write_xlsx_template(path, [(SHEET, COLUMNS)])
    else:
        tabular.write_csv_template(path, COLUMNS)


def _text(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number cell (a code, an identification number)
    return "" if value is None else str(value).strip()


def _day(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.split("/")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        try:
            return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            return None
    return None


def money(value: Any) -> int:
    """A cell as a whole number of đồng; ``ValueError`` with the reason otherwise (a decimal
    part is refused, never rounded)."""
    if isinstance(value, bool):
        raise ValueError(_("Give a whole number of đồng."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(
            _("Amounts are whole đồng: %(amount)s has a decimal part.") % {"amount": value}
        )
    text = str(value).strip()
    try:
        return parse_vnd(text)
    except ValueError:
        body = text.rstrip("đ").strip()
        if "," in body or (body.count(".") == 1 and len(body.rpartition(".")[2]) != 3):
            raise ValueError(
                _(
                    "Amounts are whole đồng: %(amount)s has a decimal part (write 150000000 or "
                    "150.000.000)."
                )
                % {"amount": text}
            ) from None
        raise ValueError(
            _("Give a whole number of đồng (150000000 or 150.000.000), not %(amount)s.")
            % {"amount": text}
        ) from None


@dataclass
class _Plan:
    line: int
    place: AdministrativeUnit
    data: services.ClaimData


def _parse(
    line: int, values: dict[str, Any], places: dict[str, list[AdministrativeUnit]]
) -> tuple[_Plan | None, list[RowError]]:
    errors: list[RowError] = []

    def fail(name: str, reason: str) -> None:
        errors.append(RowError(line, name, reason))

    for column in COLUMNS:
        if column.required and not _text(values, column.name):
            fail(column.name, _("This field is required."))
    days: dict[str, datetime.date | None] = {}
    for name in ("received_on", "basis_date", "basis_received_on"):
        days[name] = _day(values.get(name)) if _text(values, name) else None
        if _text(values, name) and days[name] is None:
            fail(name, _("Write the date as YYYY-MM-DD or DD/MM/YYYY."))
    by_post = _text(values, "by_post").lower()
    if by_post not in _YES | _NO:
        fail("by_post", _("Write yes or no."))
    place = None
    code = _text(values, "place_code")
    received = days["received_on"]
    if code and received is not None:
        place = next((u for u in places.get(code, []) if u.is_valid_on(received)), None)
        if place is None:
            fail("place_code", _("No commune with this code was valid on the day received."))
    try:
        excluded = rules.excluded_from_text(_text(values, "excluded_periods").split("|"))
    except ValueError:
        excluded = ()
        fail(
            "excluded_periods",
            _("Write each period as its first and last day, e.g. 2024-01-01 2024-02-15."),
        )
    damages: dict[str, int] = {}
    for head in rules.DamageHead.values:
        name = damage_column(head)
        cell = values.get(name)
        if cell is None or str(cell).strip() == "":
            continue
        try:
            damages[head] = money(cell)
        except ValueError as error:
            fail(name, str(error))
    if not damages and not any(e.column.startswith("damage_") for e in errors):
        fail(
            damage_column(rules.DamageHead.PROPERTY),
            _("Claim at least one head of damage (a damage_… column)."),
        )
    pin = _text(values, "claimant_pin")
    basis_date, basis_received_on = days["basis_date"], days["basis_received_on"]
    if errors or place is None or received is None or basis_date is None:
        return None, errors
    if basis_received_on is None:
        return None, errors
    data = services.ClaimData(
        claimant_kind=_text(values, "claimant_kind"),
        claimant_name=_text(values, "claimant_name"),
        claimant_pin=pin.zfill(12) if pin.isdigit() and len(pin) == 11 else pin,
        claimant_address=_text(values, "claimant_address"),
        injured_name=_text(values, "injured_name"),
        basis_kind=_text(values, "basis_kind"),
        basis_number=_text(values, "basis_number"),
        basis_date=basis_date,
        basis_issuer=_text(values, "basis_issuer"),
        basis_received_on=basis_received_on,
        excluded_periods=excluded,
        sector=_text(values, "sector"),
        unlawful_act=_text(values, "unlawful_act"),
        received_on=received,
        by_post=by_post in _YES,
        honour_form=_text(values, "honour_form"),
        damages=damages,
    )
    return _Plan(line, place, data), []


def _errors_of(line: int, error: DomainError) -> list[RowError]:
    if not error.fields:
        return [RowError(line, "", error.message)]
    return [
        RowError(line, FIELD_COLUMNS.get(name, name), reason)
        for name, reasons in error.fields.items()
        for reason in reasons
    ]


def import_file(path: Path, *, actor: Any, dry_run: bool = False) -> Result:
    """Check every row of ``path``, then receive them all through the service in one
    transaction (rolled back for a dry run); ``ImportRefused`` with every bad row, and nothing
    written, when one is bad."""
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only a state compensation officer records compensation claims."))
    rows, header_errors = tabular.read_table(path, COLUMNS, sheet=SHEET)
    if header_errors:
        raise ImportRefused(header_errors)
    if len(rows) > MAX_ROWS:
        raise ImportRefused(
            [
                RowError(
                    rows[MAX_ROWS][0],
                    "",
                    _("A file holds at most %(count)d claims.") % {"count": MAX_ROWS},
                )
            ]
        )
    codes = {_text(values, "place_code") for _line, values in rows}
    places: dict[str, list[AdministrativeUnit]] = {}
    for unit in AdministrativeUnit.objects.filter(level=Level.COMMUNE, code__in=codes):
        places.setdefault(unit.code, []).append(unit)
    plans: list[_Plan] = []
    errors: list[RowError] = []
    for line, values in rows:
        plan, row_errors = _parse(line, values, places)
        errors += row_errors
        if plan is not None:
            plans.append(plan)
    # The rows that parsed are checked by the service as well (in a transaction rolled back
    # when any row is bad), so that one report names every bad row.
    claimed = 0
    with transaction.atomic():
        for plan in plans:
            try:
                with transaction.atomic():
                    services.claim_open(actor=actor, place=plan.place, data=plan.data)
            except DomainError as error:
                errors += _errors_of(plan.line, error)
                continue
            claimed += sum(plan.data.damages.values())
        if errors:
            transaction.set_rollback(True)
            raise ImportRefused(sorted(errors, key=lambda error: error.line))
        audit.record(
            actor=actor,
            action="oversight.compensation.imported",
            data={"claims": len(plans), "claimed": claimed, "dry_run": dry_run},
        )
        if dry_run:
            transaction.set_rollback(True)
    return Result(len(plans), claimed, dry_run)
