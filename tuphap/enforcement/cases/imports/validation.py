"""Checking case rows against the register and the database, into resolved ``CaseRow``s.

See the package docstring."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F, Lookup, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency
from tuphap.casework import deadlines as case_deadlines
from tuphap.enforcement.cases import services, workflow
from tuphap.enforcement.cases.imports.columns import (
    CLASSIFIED_WITH,
    CLASSIFIED_WITHOUT,
    FALSE,
    IMPORTED,
    STATES,
    TRUE,
)
from tuphap.enforcement.cases.imports.reading import Raw, RowError
from tuphap.enforcement.cases.models import (
    WITHOUT_CONDITION_GROUNDS,
    Basis,
    ConditionGround,
    EnforcementCase,
    Judgment,
    JudgmentKind,
    PartyKind,
)
from tuphap.places.models import AdministrativeUnit, Boundaries, UnitSuccession

# -- the resolved row ----------------------------------------------------------------------------

# (transition, from_state, to_state, date, extra payload)
Step = tuple[str, str, str, datetime.date, dict[str, Any]]
# (kind, amount, date, note)
MovementRow = tuple[str, int, datetime.date, str]
JudgmentKey = tuple[int, str, str, datetime.date]


@dataclass
class CaseRow:
    line: int
    agency_id: int
    place_id: int
    province_id: int
    court_name: str
    judgment_number: str
    judgment_date: datetime.date
    judgment_kind: str
    effective_on: datetime.date
    basis: str
    requested_on: datetime.date
    requester_name: str
    decision_number: str
    decision_date: datetime.date
    amount: int
    obligation: str
    obligor_name: str
    obligor_kind: str
    obligor_identification: str
    asset_recovery: bool
    credit_institution_debt: bool
    state: str
    condition_ground: str
    classified_on: datetime.date | None
    # The journal: the first step opens the case (transition "") or imports it ("imported").
    steps: list[Step] = field(default_factory=list)
    movements: list[MovementRow] = field(default_factory=list)

    @property
    def judgment_key(self) -> JudgmentKey:
        return (self.agency_id, self.court_name, self.judgment_number, self.judgment_date)


# -- validation ----------------------------------------------------------------------------------

# The choices as sets, read once: a row checks each of them, and an enum's ``values`` is a new
# list at every call (the validation of 190,000 rows spent a quarter of its time building them).
JUDGMENT_KINDS: frozenset[str] = frozenset(JudgmentKind.values)
BASES: frozenset[str] = frozenset(Basis.values)
PARTY_KINDS: frozenset[str] = frozenset(PartyKind.values)
CONDITION_GROUNDS: frozenset[str] = frozenset(ConditionGround.values)
_ON_REQUEST = str(Basis.ON_REQUEST)
_PERSON = str(PartyKind.PERSON)
_ORGANISATION = str(PartyKind.ORGANISATION)
_HAS_MEANS = str(ConditionGround.HAS_MEANS)


def _text(raw: Raw, name: str) -> str:
    value = raw.get(name)
    if type(value) is str:  # a CSV cell: the common case, first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Row:
    """The checks of one row; each failure is recorded against its column."""

    def __init__(
        self,
        line: int,
        raw: Raw,
        errors: list[RowError],
        source: str = "",
        today: datetime.date | None = None,
    ) -> None:
        self.line, self.raw, self.errors, self.bad = line, raw, errors, False
        self.source = source
        # The day the file is checked: one for the whole file, not one clock read per date.
        self.today = today or _today()

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.line, column, reason, self.source))
        self.bad = True

    def text(self, name: str, *, required: bool = False) -> str:
        cell = self.raw.get(name)
        value = cell.strip() if type(cell) is str else _text(self.raw, name)
        if required and not value:
            self.fail(name, _("This field is required."))
        return value

    def date(self, name: str, *, required: bool = True) -> datetime.date | None:
        value = self.raw.get(name)
        if type(value) is str:  # a CSV cell: the common case, first
            text = value.strip()
        elif isinstance(value, datetime.datetime):
            return value.date()
        elif isinstance(value, datetime.date):
            return value
        else:
            text = _text(self.raw, name)
        if not text:
            if required:
                self.fail(name, _("This field is required."))
            return None
        day = parse_date(text)
        if day is None:
            self.fail(name, _("Not a date: write YYYY-MM-DD or DD/MM/YYYY."))
        elif day > self.today:
            self.fail(name, _("The date must not be in the future."))
            return None
        return day

    def choice(self, name: str, choices: Iterable[str], default: str = "") -> str:
        value = self.text(name).lower() or default
        if value not in choices:
            if value:
                self.fail(name, _("Unknown value “%(value)s”.") % {"value": value})
            else:
                self.fail(name, _("This field is required."))
        return value

    def flag(self, name: str) -> bool:
        value = self.text(name).lower()
        if value in TRUE:
            return True
        if value not in FALSE:
            self.fail(name, _("Write 1 or 0."))
        return False

    def amount(self, name: str) -> int:
        value = self.raw.get(name)
        if isinstance(value, bool):
            value = None
        if isinstance(value, float):
            if value.is_integer():
                value = int(value)
            else:
                self.fail(name, _("Enter a whole number of đồng."))
                return 0
        text = str(value).strip() if value is not None else ""
        if not text:
            self.fail(name, _("This field is required."))
            return 0
        try:
            number = int(text, 10)
        except ValueError:
            self.fail(name, _("Enter a whole number of đồng."))
            return 0
        if number < 0:
            self.fail(name, _("The amount must not be negative."))
            return 0
        return number


@functools.lru_cache(maxsize=16384)
def parse_date(text: str) -> datetime.date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY (a file repeats a few thousand dates: each is
    parsed once)."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def _today() -> datetime.date:
    return case_deadlines.local_date(timezone.now())


@functools.lru_cache(maxsize=4096)
def _request_limit(effective_on: datetime.date) -> datetime.date:
    return services.request_limit(effective_on)


class _Lookups:
    """What validation needs from the database, fetched in a few queries."""

    def __init__(self, raws: Sequence[tuple[int, Raw]], default_agency: str) -> None:
        codes = {_text(raw, "agency_code") or default_agency for _line, raw in raws}
        self.agencies = {
            agency.code: agency for agency in Agency.objects.filter(code__in=codes - {""})
        }
        self._roots_loaded = False
        self._covered: dict[tuple[int, int], bool] = {}
        self._roots_of: dict[int, set[int]] = defaultdict(set)
        self._parents: dict[int, int | None] = {}
        place_ids = {int(t) for _l, r in raws if (t := _text(r, "place_id")).isdigit()}
        place_codes = {_text(raw, "place_code") for _line, raw in raws} - {""}
        units = list(AdministrativeUnit.objects.filter(pk__in=place_ids))
        for codes_among in among("code", sorted(place_codes)):
            units += list(AdministrativeUnit.objects.filter(codes_among))
        self.units_by_id = {unit.pk: unit for unit in units}
        self.units_by_code: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        for unit in self.units_by_id.values():
            self.units_by_code[unit.code].append(unit)
        agency_ids = [agency.pk for agency in self.agencies.values()]
        numbers = sorted({_text(raw, "decision_number") for _line, raw in raws} - {""})
        self.decisions: set[tuple[int, int, str]] = set()
        judgment_numbers = sorted({_text(raw, "judgment_number") for _l, raw in raws} - {""})
        self.judgments: dict[JudgmentKey, tuple[int, str, datetime.date]] = {}
        for numbers_among in among("decision_number", numbers):
            self.decisions |= set(
                EnforcementCase.objects.filter(numbers_among, agency_id__in=agency_ids).values_list(
                    "agency_id", "decision_year", "decision_number"
                )
            )
        for numbers_among in among("number", judgment_numbers):
            for row in Judgment.objects.filter(numbers_among, agency_id__in=agency_ids).values_list(
                "id", "agency_id", "court_name", "number", "issued_on", "kind", "effective_on"
            ):
                self.judgments[(row[1], row[2], row[3], row[4])] = (row[0], row[5], row[6])

    def covers(self, agency: Agency, place: AdministrativeUnit) -> bool:
        """``jurisdiction.covered_units`` for one place, from data fetched once: the office's
        units and the units they succeeded cover themselves, their children, grandchildren
        and their province's units."""
        if agency.is_national:
            return True
        key = (agency.pk, place.pk)
        known = self._covered.get(key)
        if known is not None:  # a file names the same office and place again and again
            return known
        if not self._roots_loaded:
            self._load_roots()
        roots = self._roots_of.get(agency.pk, set())
        parent = place.parent_id
        grandparent = self._parents.get(parent) if parent is not None else None
        covered = self._covered[key] = bool(
            roots & {place.pk, parent, grandparent, place.province_id}
        )
        return covered

    def _load_roots(self) -> None:
        through = Agency.jurisdiction.through
        pairs = list(
            through.objects.filter(
                agency_id__in=[a.pk for a in self.agencies.values()]
            ).values_list("agency_id", "administrativeunit_id")
        )
        direct = {unit for _agency, unit in pairs}
        predecessors: dict[int, set[int]] = defaultdict(set)
        for old, new in UnitSuccession.objects.filter(successor_id__in=direct).values_list(
            "predecessor_id", "successor_id"
        ):
            predecessors[new].add(old)
        self._roots_loaded = True
        for agency_id, unit in pairs:
            self._roots_of[agency_id] |= {unit, *predecessors[unit]}
        parents = {u.parent_id for u in self.units_by_id.values() if u.parent_id is not None}
        self._parents = dict(
            AdministrativeUnit.objects.filter(pk__in=parents).values_list("pk", "parent_id")
        )


def _chunks(values: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class AnyOf(Lookup[Any]):
    """``column = ANY(%s)``: a list of any length as one array parameter (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def among(field: str, values: Sequence[Any]) -> Iterator[Q | AnyOf]:
    """The filters that together select the rows whose ``field`` is one of ``values``: one
    array parameter on PostgreSQL (a file's 20,000 decision numbers in one query, not 40
    queries of 500 placeholders each), chunks of 500 on SQLite (its limit on parameters)."""
    if not values:
        return
    if connection.vendor == "postgresql":
        yield AnyOf(F(field), list(values))
        return
    for chunk in _chunks(values, 500):
        yield Q(**{f"{field}__in": chunk})


def _place(
    row: _Row, lookups: _Lookups, decided: datetime.date | None
) -> AdministrativeUnit | None:
    place_id = row.text("place_id")
    code = row.text("place_code")
    boundaries = row.text("place_boundaries").lower()
    if boundaries and boundaries not in Boundaries.values:
        row.fail("place_boundaries", _("Write old or new."))
        return None
    if place_id:
        unit = lookups.units_by_id.get(int(place_id)) if place_id.isdigit() else None
        if unit is None:
            row.fail("place_id", _("Unknown place."))
            return None
        column = "place_id"
        candidates = [unit]
    elif code:
        candidates = [
            unit
            for unit in lookups.units_by_code.get(code, [])
            if not boundaries or unit.boundaries == boundaries
        ]
        column = "place_code"
        if not candidates:
            row.fail("place_code", _("Unknown place."))
            return None
    else:
        row.fail("place_code", _("Give place_code or place_id."))
        return None
    if decided is None:
        return None
    valid = [unit for unit in candidates if unit.is_valid_on(decided)]
    if not valid:
        row.fail(column, _("The place was not valid on the decision date."))
        return None
    if len(valid) == 1:  # a place named by its id, or a code valid once: no order to choose
        return valid[0]
    return sorted(valid, key=lambda unit: LEVEL_ORDER.get(unit.level, 3))[0]


# Among the units valid under one code, the most precise one.
LEVEL_ORDER = {"commune": 0, "district": 1, "province": 2}


def validate(
    raws: Sequence[tuple[int, Raw]], *, default_agency: str = ""
) -> tuple[list[CaseRow], list[RowError]]:
    """Check every row; the resolved rows, and all errors (line, column, reason)."""
    lookups = _Lookups(raws, default_agency)
    errors: list[RowError] = []
    result: list[CaseRow] = []
    seen_decisions: dict[tuple[int, int, str], int] = {}
    seen_judgments: dict[JudgmentKey, tuple[str, datetime.date]] = {}
    today = _today()
    for line, raw in raws:
        row = _Row(line, raw, errors, today=today)
        code = row.text("agency_code") or default_agency
        agency = lookups.agencies.get(code)
        if not code:
            row.fail("agency_code", _("This field is required."))
        elif agency is None:
            row.fail("agency_code", _("Unknown agency code “%(code)s”.") % {"code": code})
        court = row.text("judgment_court", required=True)
        number = row.text("judgment_number", required=True)
        issued = row.date("judgment_date")
        kind = row.choice("judgment_type", JUDGMENT_KINDS)
        effective = row.date("judgment_effective_date")
        if issued and effective and effective < issued:
            row.fail("judgment_effective_date", _("A judgment takes effect on or after its date."))
        basis = row.choice("request_basis", BASES)
        requested = row.date("request_date")
        requester = row.text("requester_name", required=basis == _ON_REQUEST)
        decision_number = row.text("decision_number", required=True)
        decided = row.date("decision_date")
        if requested and effective and requested < effective:
            row.fail("request_date", _("The request date is before the judgment took effect."))
        elif requested and decided and requested > decided:
            row.fail("request_date", _("The request date is after the decision date."))
        elif (
            requested
            and effective
            and basis == _ON_REQUEST
            and requested > _request_limit(effective)
        ):
            row.fail("request_date", _("The time limit for requesting enforcement has ended."))
        place = _place(row, lookups, decided)
        if place is not None and agency is not None and not lookups.covers(agency, place):
            row.fail(row_place_column(raw), _("The place is outside the office's jurisdiction."))
        amount = row.amount("amount")
        obligation = row.text("obligation", required=amount == 0)
        obligor = row.text("obligor_name", required=True)
        obligor_kind = row.choice("obligor_kind", PARTY_KINDS, default=_PERSON)
        identification = row.text("obligor_identification")
        if obligor_kind == _PERSON and identification:
            if not services.is_identification_number(identification):
                row.fail("obligor_identification", _("An identification number has 12 digits."))
        elif obligor_kind == _ORGANISATION and not identification:
            row.fail("obligor_identification", _("This field is required."))
        recovery = row.flag("asset_recovery")
        credit = row.flag("credit_institution_debt")
        state = row.choice("state", STATES, default=workflow.ACCEPTED)
        state_date = row.date("state_date", required=state != workflow.ACCEPTED) or decided
        if state_date and decided and state_date < decided:
            row.fail("state_date", _("The date is before the decision date."))
        ground = row.text("condition_ground").lower()
        if ground and ground not in CONDITION_GROUNDS:
            row.fail("condition_ground", _("Unknown value “%(value)s”.") % {"value": ground})
        elif state in CLASSIFIED_WITH and ground != _HAS_MEANS:
            row.fail("condition_ground", _("This state needs the ground has_means."))
        elif state in CLASSIFIED_WITHOUT and ground not in WITHOUT_CONDITION_GROUNDS:
            row.fail("condition_ground", _("This state needs a ground of Art. 44a."))
        if agency is not None and decided is not None and decision_number:
            key = (agency.pk, decided.year, decision_number)
            if key in lookups.decisions:
                row.fail("decision_number", _("The office already has this decision number."))
            elif key in seen_decisions:
                row.fail(
                    "decision_number",
                    _("The decision number repeats line %(line)s.") % {"line": seen_decisions[key]},
                )
            else:
                seen_decisions[key] = line
        if agency is not None and issued and kind in JUDGMENT_KINDS and effective:
            judgment_key = (agency.pk, court, number, issued)
            known = lookups.judgments.get(judgment_key)
            earlier = (known[1], known[2]) if known else seen_judgments.get(judgment_key)
            if earlier is not None and earlier != (kind, effective):
                row.fail("judgment_type", _("The judgment is recorded with another type or date."))
            seen_judgments.setdefault(judgment_key, (kind, effective))
        if row.bad:
            continue
        if not (agency and place and issued and effective and requested and decided):
            raise RuntimeError("A row without errors lacks a value.")  # each one failed above
        if state_date is None:
            raise RuntimeError("A row without errors lacks its state date.")
        steps: list[Step] = [
            (IMPORTED, "", state, state_date, {"decision_number": decision_number})
        ]
        result.append(
            CaseRow(
                line=line,
                agency_id=agency.pk,
                place_id=place.pk,
                province_id=place.province_id or place.pk,
                court_name=court,
                judgment_number=number,
                judgment_date=issued,
                judgment_kind=kind,
                effective_on=effective,
                basis=basis,
                requested_on=requested,
                requester_name=requester,
                decision_number=decision_number,
                decision_date=decided,
                amount=amount,
                obligation=obligation,
                obligor_name=obligor,
                obligor_kind=obligor_kind,
                obligor_identification=identification,
                asset_recovery=recovery,
                credit_institution_debt=credit,
                state=state,
                condition_ground=ground,
                classified_on=state_date if ground else None,
                steps=steps,
            )
        )
    return result, errors


def row_place_column(raw: Raw) -> str:
    return "place_id" if _text(raw, "place_id") else "place_code"
