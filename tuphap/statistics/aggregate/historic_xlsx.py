"""Historic figures of past periods as a workbook: the template and the upload (ADR 0016).

One sheet per indicator, in the layout of the report forms' workbooks (``xlsx``): a title
block, a machine line naming the indicator and the level (row 4), a header of period names
(row 6) above their codes (row 7), then one row per unit with its code in column A (``TW``:
central level), its name, an optional agency code in column C and a figure per period. A unit
code names the unit valid in each period (codes are re-used after the 2025 reorganisation: a
figure of 2024 goes to the old province, one of 2025H2 to the new); a cell whose period the
unit did not exist in is grey and must stay empty. The upload is all or nothing: every bad cell
is reported by sheet, row and column and nothing is stored while any is bad.
"""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency
from tuphap.core import periods
from tuphap.core.errors import AccessDenied, ValidationFailed
from tuphap.places.models import AdministrativeUnit, Level
from tuphap.statistics.aggregate import historic, permissions
from tuphap.statistics.aggregate.models import HistoricBatch
from tuphap.statistics.aggregate.xlsx import CellError, UploadRefused
from tuphap.statistics.indicators import Indicator, TimeBehaviour, Unit
from tuphap.statistics.registry import UnknownIndicator, registry

MACHINE_ROW, HEADER_ROW, CODE_ROW, FIRST_ROW = 4, 6, 7, 8
FIRST_PERIOD_COLUMN = 4  # A unit code, B name, C agency code, D… periods
MARK = "historic"
CENTRAL = "TW"  # Trung ương: a central-level figure (no place)
LEVELS = (Level.PROVINCE, Level.COMMUNE)
KINDS = (
    periods.PeriodKind.YEAR,
    periods.PeriodKind.HALF,
    periods.PeriodKind.QUARTER,
    periods.PeriodKind.MONTH,
)
MAX_COUNT = 10**12  # as for form values: no count of the sector comes near
MAX_MONEY = 10**16  # đồng: a national total over a year stays far below


def period_of(code: str, *, today: datetime.date | None = None) -> periods.Period:
    """A past calendar period (year, half, quarter, month); ValueError with the reason."""
    try:
        period = periods.parse(str(code))
    except ValueError:
        raise ValueError(
            _("%(code)s is not a period code (e.g. 2024, 2024H1, 2024Q3, 2024M05).")
            % {"code": code}
        ) from None
    if period.kind not in KINDS:
        raise ValueError(
            _("%(code)s: historic figures are given by year, half-year, quarter or month.")
            % {"code": period.code}
        )
    if period.end >= (today or timezone.localdate()):
        raise ValueError(
            _("%(code)s has not ended: historic figures are for past periods.")
            % {"code": period.code}
        )
    return period


def month_of(indicator: Indicator, period: periods.Period) -> datetime.date:
    """The month a figure lies on: the period's last, its first for an opening stock."""
    months = period.months()
    return months[0] if indicator.time is TimeBehaviour.STOCK_START else months[-1]


def stored_indicator(code: str) -> Indicator:
    """ValueError with the reason unless ``code`` is a stored indicator."""
    try:
        indicator = registry.get(code)
    except UnknownIndicator:
        raise ValueError(_("Unknown indicator %(code)s.") % {"code": code}) from None
    if not indicator.is_stored:
        raise ValueError(
            _("%(code)s is computed from %(inputs)s; load those.")
            % {"code": code, "inputs": ", ".join(indicator.inputs)}
        )
    return indicator


def _number(raw: Any, indicator: Indicator) -> int | None:
    """A cell → integer (None when empty); ValueError with the reason."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(_("Enter a whole number."))
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(_("Enter a whole number, not %(value)s.") % {"value": raw})
        number = int(raw)
    else:
        text = str(raw).strip().replace(".", "").replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if not text.lstrip("-").isdigit():
            raise ValueError(_("Enter a whole number, not %(value)r.") % {"value": str(raw)})
        number = int(text)
    if number < 0:
        raise ValueError(_("A figure cannot be negative."))
    if number > (MAX_MONEY if indicator.unit is Unit.VND else MAX_COUNT):
        raise ValueError(_("The figure is too large."))
    return number


class _Units:
    """The units of a level by code, each with its validity (old and new share codes)."""

    def __init__(self, level: str, province: str | None = None) -> None:
        units = AdministrativeUnit.objects.filter(level=level)
        if province:
            units = units.filter(province__code=province)
        self.by_code: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in units.order_by("code", "valid_from"):
            self.by_code[unit.code].append(unit)

    def at(self, code: str, day: datetime.date) -> AdministrativeUnit | None:
        for unit in self.by_code.get(code, []):
            if (unit.valid_from is None or unit.valid_from <= day) and (
                unit.valid_to is None or day <= unit.valid_to
            ):
                return unit
        return None


# -- the template ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateRequest:
    indicators: tuple[Indicator, ...]
    level: str
    province: str | None
    periods: tuple[periods.Period, ...]


def template_request(
    *, indicators: Sequence[str], level: str, province: str | None, period_codes: str
) -> TemplateRequest:
    """Check what the template is asked for; ValidationFailed naming each field."""
    errors: dict[str, list[str]] = defaultdict(list)
    found = []
    for code in indicators:
        try:
            found.append(stored_indicator(code))
        except ValueError as error:
            errors["indicators"].append(str(error))
    if not indicators:
        errors["indicators"].append(_("Choose at least one indicator."))
    if level not in LEVELS:
        errors["level"].append(_("Choose the province or the commune level."))
    province = (province or "").strip() or None
    if level == Level.COMMUNE and not province:
        errors["province"].append(_("Choose the province whose communes are listed."))
    elif (
        level == Level.COMMUNE
        and not AdministrativeUnit.objects.filter(level=Level.PROVINCE, code=province).exists()
    ):
        errors["province"].append(
            _("No %(level)s has the code %(code)s.")
            % {"level": Level.PROVINCE.label.lower(), "code": province}
        )
    chosen: list[periods.Period] = []
    for code in [part.strip() for part in period_codes.replace(";", ",").split(",")]:
        if not code:
            continue
        try:
            period = period_of(code)
        except ValueError as error:
            errors["periods"].append(str(error))
            continue
        if period not in chosen:
            chosen.append(period)
    if not chosen and not errors["periods"]:
        errors["periods"].append(_("Give the past periods, e.g. 2024H1, 2024H2."))
    if errors:
        raise ValidationFailed(_("The template cannot be made."), fields=errors)
    chosen.sort(key=lambda period: (period.start, period.end))
    return TemplateRequest(tuple(found), level, province, tuple(chosen))


def sheet_title(index: int, code: str) -> str:
    return f"{index}. {code}"[:31]


def template(request: TemplateRequest) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    units = _Units(request.level, request.province)
    book = Workbook()
    first = book.active
    assert first is not None  # noqa: S101  (a new workbook has one sheet)
    book.remove(first)
    grey = PatternFill("solid", fgColor="DDDDDD")
    small = Font(color="808080", size=8)
    for index, indicator in enumerate(request.indicators, 1):
        sheet = book.create_sheet(sheet_title(index, indicator.code))
        sheet["A1"] = _("MINISTRY OF JUSTICE")
        sheet["A1"].font = Font(bold=True)
        sheet["E1"] = _("SOCIALIST REPUBLIC OF VIETNAM")
        sheet["E1"].font = Font(bold=True)
        sheet["E2"] = _("Independence – Freedom – Happiness")
        sheet["A3"] = _("FIGURES OF PAST PERIODS: %(name)s") % {"name": indicator.name_vi.upper()}
        sheet["A3"].font = Font(bold=True, size=13)
        for column, value in enumerate(
            [MARK, indicator.code, "level", request.level, "unit", str(indicator.unit)], 1
        ):
            sheet.cell(MACHINE_ROW, column, value).font = small
        headers = [_("Unit code"), _("Unit name"), _("Agency code (optional)")]
        codes = ["unit", "", "agency"]
        for column, (header, code) in enumerate(zip(headers, codes, strict=True), 1):
            sheet.cell(HEADER_ROW, column, header).font = Font(bold=True)
            sheet.cell(CODE_ROW, column, code).font = small
        for offset, period in enumerate(request.periods):
            column = FIRST_PERIOD_COLUMN + offset
            top = sheet.cell(HEADER_ROW, column, period.label("vi"))
            top.font = Font(bold=True)
            top.alignment = Alignment(wrap_text=True, horizontal="center")
            sheet.cell(CODE_ROW, column, period.code).font = small
            sheet.column_dimensions[get_column_letter(column)].width = 16
        lying = [month_of(indicator, period) for period in request.periods]
        rows: list[tuple[str, str, list[bool]]] = [
            (CENTRAL, _("Central level"), [True] * len(lying))
        ]
        for code, candidates in sorted(units.by_code.items()):
            valid = [units.at(code, day) is not None for day in lying]
            if any(valid):
                names = " / ".join(dict.fromkeys(unit.name for unit in candidates))
                rows.append((code, names, valid))
        for offset, (code, name, valid) in enumerate(rows):
            number = FIRST_ROW + offset
            sheet.cell(number, 1, code)
            sheet.cell(number, 2, name)
            for column, applies in enumerate(valid, FIRST_PERIOD_COLUMN):
                if not applies:
                    sheet.cell(number, column).fill = grey
        sheet.column_dimensions["A"].width = 12
        sheet.column_dimensions["B"].width = 44
        sheet.column_dimensions["C"].width = 16
        sheet.freeze_panes = sheet.cell(FIRST_ROW, FIRST_PERIOD_COLUMN)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- the upload -----------------------------------------------------------------------------------


def read(handle: IO[bytes], *, today: datetime.date | None = None) -> list[historic.ParsedFigure]:
    """The figures of a filled workbook; UploadRefused with every bad cell."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except Exception:
        raise UploadRefused(
            [CellError("—", 0, "—", _("The file is not an Excel workbook (.xlsx)."))]
        ) from None
    try:
        sheets = [
            (name, [list(values) for values in book[name].iter_rows(values_only=True)])
            for name in book.sheetnames
        ]
    finally:
        book.close()
    errors: list[CellError] = []
    figures: list[historic.ParsedFigure] = []
    seen_indicators: dict[str, str] = {}
    units: dict[str, _Units] = {}
    agencies = dict(Agency.objects.values_list("code", "id"))
    for name, rows in sheets:
        _read_sheet(name, rows, errors, figures, seen_indicators, units, agencies, today)
    if not figures and not errors:
        errors.append(CellError("—", 0, "—", _("The workbook holds no figure.")))
    if errors:
        raise UploadRefused(errors)
    return figures


def _read_sheet(
    name: str,
    rows: list[list[Any]],
    errors: list[CellError],
    figures: list[historic.ParsedFigure],
    seen_indicators: dict[str, str],
    units: dict[str, _Units],
    agencies: dict[str, int],
    today: datetime.date | None,
) -> None:
    from openpyxl.utils import get_column_letter

    def at(row: int, column: int) -> Any:
        values = rows[row - 1] if row - 1 < len(rows) else []
        return values[column - 1] if column - 1 < len(values) else None

    def text(row: int, column: int) -> str:
        value = at(row, column)
        return str(value).strip() if value is not None else ""

    def bad(row: int, column: int, message: str) -> None:
        errors.append(CellError(name, row, get_column_letter(column), message))

    if text(MACHINE_ROW, 1) != MARK:
        bad(MACHINE_ROW, 1, _("This sheet is not a sheet of the historic figures template."))
        return
    code = text(MACHINE_ROW, 2)
    try:
        indicator = stored_indicator(code)
    except ValueError as error:
        bad(MACHINE_ROW, 2, str(error))
        return
    if code in seen_indicators:
        bad(
            MACHINE_ROW,
            2,
            _("Indicator %(code)s is also on sheet %(sheet)s.")
            % {"code": code, "sheet": seen_indicators[code]},
        )
        return
    seen_indicators[code] = name
    level = text(MACHINE_ROW, 4)
    if level not in LEVELS:
        bad(MACHINE_ROW, 4, _("The level must be province or commune."))
        return
    if level not in units:
        units[level] = _Units(level)
    places = units[level]
    columns: dict[int, tuple[periods.Period, datetime.date]] = {}
    width = max((len(row) for row in rows), default=0)
    taken: set[str] = set()
    for column in range(FIRST_PERIOD_COLUMN, width + 1):
        raw = text(CODE_ROW, column)
        if not raw:
            continue
        try:
            period = period_of(raw, today=today)
        except ValueError as error:
            bad(CODE_ROW, column, str(error))
            continue
        if period.code in taken:
            bad(CODE_ROW, column, _("Period %(code)s appears twice.") % {"code": period.code})
            continue
        taken.add(period.code)
        columns[column] = (period, month_of(indicator, period))
    rows_seen: set[tuple[str, str]] = set()
    for number in range(FIRST_ROW, len(rows) + 1):
        unit_code = text(number, 1)
        agency_code = text(number, 3)
        filled = [column for column in columns if at(number, column) not in (None, "")]
        if not unit_code:
            if filled:
                bad(number, 1, _("A row with figures needs its unit code."))
            continue
        if unit_code != CENTRAL and unit_code not in places.by_code:
            bad(
                number,
                1,
                _("No %(level)s has the code %(code)s.")
                % {"level": Level(level).label.lower(), "code": unit_code},
            )
            continue
        if (unit_code, agency_code) in rows_seen:
            bad(
                number,
                1,
                _("Unit %(code)s appears twice with the same agency.") % {"code": unit_code},
            )
            continue
        rows_seen.add((unit_code, agency_code))
        agency_id = None
        if agency_code:
            agency_id = agencies.get(agency_code)
            if agency_id is None:
                bad(number, 3, _("No agency has the code %(code)s.") % {"code": agency_code})
                continue
        spans: list[tuple[datetime.date, datetime.date, str]] = []
        for column in filled:
            period, month = columns[column]
            try:
                value = _number(at(number, column), indicator)
            except ValueError as error:
                bad(number, column, str(error))
                continue
            if value is None:
                continue
            place: AdministrativeUnit | None = None
            if unit_code != CENTRAL:
                place = places.at(unit_code, month)
                if place is None:
                    bad(
                        number,
                        column,
                        _("Unit %(code)s did not exist in %(period)s; leave the cell empty.")
                        % {"code": unit_code, "period": period.code},
                    )
                    continue
            months = period.months()
            clash = next(
                (span for span in spans if span[0] <= months[-1] and months[0] <= span[1]), None
            )
            if clash is not None:
                bad(
                    number,
                    column,
                    _("%(code)s overlaps %(other)s on the same row: the figure would count twice.")
                    % {"code": period.code, "other": clash[2]},
                )
                continue
            spans.append((months[0], months[-1], period.code))
            province = None
            if place is not None:
                province = place.pk if place.level == Level.PROVINCE else place.province_id
            figures.append(
                historic.ParsedFigure(
                    indicator=indicator.code,
                    period=period.code,
                    month=month,
                    first_month=months[0],
                    last_month=months[-1],
                    place_id=place.pk if place is not None else None,
                    province_id=province,
                    agency_id=agency_id,
                    value=value,
                )
            )


def upload(*, actor: Any, handle: IO[bytes], title: str, file_name: str = "") -> HistoricBatch:
    """Read the workbook and store its figures as one upload, submitted for approval."""
    if not permissions.can_load_historic(actor):
        raise AccessDenied(_("Only the ministry's statistics officer loads historic figures."))
    return historic.batch_upload(
        actor=actor, title=title, figures=read(handle), file_name=file_name
    )
