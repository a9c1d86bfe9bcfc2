"""Importing denunciations from CSV or XLSX: one row a denunciation as received, with its
denouncer. Checked row by row, then every denunciation received through the same service as the
page and the API (``services.denunciation_open``), all or nothing, with the report of every bad
row by line, column and reason (the complaints' import engine).

The denouncer's identity is protected here too (Luật Tố cáo 2018 Art. 47–48): it is only
written, into ``Denouncer`` rows by the service. The report never carries a cell's value — only
the line, the column and the reason — so a bad identification number or a missing name is
reported without the identity; the import's audit row holds the count only."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from django.utils.translation import gettext as _

from tuphap.core.errors import AccessDenied
from tuphap.core.tabular import Column, ImportRefused, RowError
from tuphap.oversight.complaints import imports as engine
from tuphap.oversight.denunciations import permissions, rules, services
from tuphap.places.models import AdministrativeUnit

__all__ = ["COLUMNS", "ImportRefused", "RowError", "import_file", "write_template"]

SHEET: Final = "denunciations"

COLUMNS: tuple[Column, ...] = (
    Column(
        "received_on",
        True,
        "Day the denunciation was received: YYYY-MM-DD or DD/MM/YYYY",
        "2026-08-17",
    ),
    Column("place_code", True, "Code of the commune (valid on the day received)", "16681"),
    Column("field", True, engine.one_of(rules.Field.values), "official_duty"),
    Column("subject", True, "Subject", "Tố cáo cán bộ địa chính nhận tiền"),
    Column("content", True, "Content", "Cán bộ địa chính nhận tiền để làm nhanh hồ sơ"),
    Column("denounced_name", True, "Person or body denounced", "Nguyễn Văn B"),
    Column("denounced_position", False, "Position of the person denounced", "Công chức địa chính"),
    Column("several_sites", False, "To be checked at several places: yes or no", "no"),
    Column("denouncer_name", True, "The denouncer (protected: never shown back)", "Trần Thị C"),
    Column("denouncer_pin", False, "Denouncer's identification number, 12 digits", "040190000000"),
    Column("denouncer_address", False, "Denouncer's address", "Khối 5, phường Trường Vinh"),
    Column("denouncer_phone", False, "Denouncer's phone", ""),
)
FIELD_COLUMNS: Final = {
    "place": "place_code",
    "denouncers": "denouncer_name",
    "denouncers.1.full_name": "denouncer_name",
    "denouncers.1.pin": "denouncer_pin",
}


def write_template(path: Path) -> None:
    engine.write_template(path, COLUMNS, SHEET)


def _parse(row: engine.Row) -> tuple[AdministrativeUnit, services.DenunciationData] | None:
    received = row.day("received_on")
    several = row.flag("several_sites")
    place = row.place("place_code", received)
    if row.errors or place is None or received is None:
        return None
    denouncer = services.DenouncerData(
        full_name=row.text("denouncer_name"),
        pin=engine.pin_of(row.values, "denouncer_pin"),
        address=row.text("denouncer_address"),
        phone=row.text("denouncer_phone"),
    )
    data = services.DenunciationData(
        subject=row.text("subject"),
        content=row.text("content"),
        field=row.text("field"),
        denounced_name=row.text("denounced_name"),
        denounced_position=row.text("denounced_position"),
        received_on=received,
        several_sites=several,
        denouncers=(denouncer,),
    )
    return place, data


def import_file(path: Path, *, actor: Any, dry_run: bool = False) -> engine.Result:
    """Check every row of ``path``, then receive every denunciation through the service in one
    transaction (the importer becomes each one's resolver); ``ImportRefused`` with every bad
    row, and nothing written, when one is bad."""
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only an inspector records denunciations."))
    return engine.run(
        path,
        actor=actor,
        dry_run=dry_run,
        columns=COLUMNS,
        sheet=SHEET,
        parse=_parse,
        open_one=lambda plan: services.denunciation_open(
            actor=actor, place=plan.place, data=plan.data
        ),
        field_columns=FIELD_COLUMNS,
        people_column="denouncer_name",
        action="oversight.denunciations.imported",
        noun="denunciations",
    )
