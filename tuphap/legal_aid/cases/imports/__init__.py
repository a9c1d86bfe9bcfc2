"""Importing legal aid cases from CSV or XLSX, as a centre's paper book (Mẫu 01) or the former
case-management system holds them: one row a case, with its request, acceptance, performer and
end, or a procedural body's notice. Every row is checked, then every case is played through the
same services as the pages and the API, in one transaction: a file with one bad row writes
nothing, and each bad row is reported by line, column and reason (docs/domain/legal-aid.md §8).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import audit, tabular
from tuphap.core.deadlines import LOCAL_TIME_ZONE
from tuphap.core.errors import AccessDenied, DomainError
from tuphap.core.tabular import Column, ImportRefused, RowError
from tuphap.legal_aid.cases import rules, services
from tuphap.legal_aid.cases.models import Sex
from tuphap.legal_aid.providers import permissions
from tuphap.legal_aid.providers import selectors as provider_selectors
from tuphap.places.models import AdministrativeUnit, Level

__all__ = ["COLUMNS", "ImportRefused", "Result", "RowError", "import_file", "write_template"]

SHEET = "cases"
# The outcome column → the step that records it.
STEP_OF = {
    "completed": "complete",
    "discontinued": "discontinue",
    "terminated": "terminate",
    "refused": "refuse",
    "withdrawn": "withdraw",
}
OUTCOMES = tuple(STEP_OF)


def _one_of(values: Any) -> str:
    return "One of: " + ", ".join(str(v) for v in values if v)


COLUMNS: tuple[Column, ...] = (
    Column(
        "place_code", True, "Code of the commune of residence (valid on the request day)", "16681"
    ),
    Column("full_name", True, "Person helped", "Nguyễn Văn An"),
    Column("sex", True, _one_of(Sex.values), "male"),
    Column("date_of_birth", False, "YYYY-MM-DD or DD/MM/YYYY", "1990-03-04"),
    Column("pin", False, "Personal identification number, 12 digits", ""),
    Column("address", False, "Address", "Phường Trường Vinh"),
    Column("group", True, _one_of(rules.Group.values), "poor_household"),
    Column("proof", False, "Proof of eligibility", "Giấy chứng nhận hộ nghèo"),
    Column("financial_difficulty", False, _one_of(rules.FinancialDifficulty.values), ""),
    Column("especially_difficult_area", False, "yes or no", "no"),
    Column("matter", True, "The matter", "Tranh chấp đất đai"),
    Column("form", True, _one_of(rules.Form.values), "participation"),
    Column("field", True, _one_of(rules.Field.values), "criminal"),
    Column("procedural_status", False, _one_of(rules.ProceduralStatus.values), "detained"),
    Column("stage", False, _one_of(rules.Stage.values), "investigation"),
    Column("requested_at", True, "When the person asked: YYYY-MM-DD HH:MM", "2026-03-02 08:00"),
    Column("body_kind", False, "A notice: " + _one_of(rules.BodyKind.values), ""),
    Column("body_name", False, "A notice: the procedural body", ""),
    Column("notified_at", False, "A notice: when the body notified the centre", ""),
    Column("accepted_at", False, "When the centre accepted (not for a notice)", "2026-03-02 09:00"),
    Column(
        "immediate_ground",
        False,
        "Immediate acceptance: " + _one_of(rules.ImmediateGround.values),
        "",
    ),
    Column(
        "performer_document",
        False,
        "Card or contract number of the performer assigned",
        "HD-01/2024",
    ),
    Column("assigned_at", False, "When the performer was assigned", "2026-03-02 15:00"),
    Column("outcome", False, "The end, if any: " + ", ".join(OUTCOMES), "completed"),
    Column("ended_at", False, "When the case ended", "2026-05-20 10:00"),
    Column("ground", False, "Ground of a refusal or discontinuation", ""),
    Column("result", False, "Result (completed) or reason (terminated)", "Đã bào chữa"),
)
# A service's field → the column that carries it.
FIELD_COLUMNS = {
    "place": "place_code",
    "person_requested_at": "requested_at",
    "performer": "performer_document",
    "reason": "result",
}
TRUE = frozenset({"1", "true", "yes", "y", "x", "có", "co"})
FALSE = frozenset({"", "0", "false", "no", "n", "không", "khong"})


@dataclass
class Row:
    line: int
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)

    def text(self, name: str) -> str:
        value = self.values.get(name)
        return "" if value is None else str(value).strip()

    def fail(self, name: str, reason: str) -> None:
        self.errors.append(RowError(self.line, name, reason))

    def moment(self, name: str, *, required: bool = False) -> datetime.datetime | None:
        value = self.values.get(name)
        if isinstance(value, datetime.datetime):
            return value if value.tzinfo else value.replace(tzinfo=LOCAL_TIME_ZONE)
        text = self.text(name)
        if not text:
            if required:
                self.fail(name, _("This field is required."))
            return None
        for pattern in ("%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
            try:
                parsed = datetime.datetime.strptime(text, pattern)  # noqa: DTZ007 - local time
            except ValueError:
                continue
            return parsed.replace(tzinfo=LOCAL_TIME_ZONE)
        self.fail(name, _("Not a time: write YYYY-MM-DD HH:MM."))
        return None

    def day(self, name: str) -> datetime.date | None:
        value = self.values.get(name)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = self.text(name)
        if not text:
            return None
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
            except ValueError:
                continue
        self.fail(name, _("Not a date: write YYYY-MM-DD or DD/MM/YYYY."))
        return None

    def choice(self, name: str, choices: Any, *, required: bool = False) -> str:
        value = self.text(name).lower()
        if not value:
            if required:
                self.fail(name, _("This field is required."))
            return ""
        if value not in {str(c) for c in choices}:
            self.fail(name, _("Unknown value “%(value)s”.") % {"value": value})
            return ""
        return value


@dataclass(frozen=True)
class Result:
    cases: int
    notices: int
    dry_run: bool


def write_template(path: Path) -> None:
    """The template: a CSV with the header and an example row, or an XLSX book with the sheet
    ``cases`` and a ``columns`` sheet that explains each column."""
    if path.suffix.lower() == ".xlsx":
        tabular.write_xlsx_template(path, ((SHEET, COLUMNS),))
    else:
        tabular.write_csv_template(path, COLUMNS)


def _parse(
    row: Row, places: dict[str, list[AdministrativeUnit]], performers: dict[str, int]
) -> dict[str, Any]:
    requested_at = row.moment("requested_at", required=True)
    place = None
    code = row.text("place_code")
    if not code:
        row.fail("place_code", _("This field is required."))
    elif requested_at is not None:
        day = requested_at.date()
        place = next((u for u in places.get(code, []) if u.is_valid_on(day)), None)
        if place is None:
            row.fail("place_code", _("No commune with this code was valid on the request day."))
    flag = row.text("especially_difficult_area").lower()
    if flag not in TRUE | FALSE:
        row.fail("especially_difficult_area", _("Write yes or no."))
    data = {
        "full_name": row.text("full_name"),
        "sex": row.choice("sex", Sex.values, required=True),
        "date_of_birth": row.day("date_of_birth"),
        "pin": row.text("pin"),
        "address": row.text("address"),
        "group": row.choice("group", rules.Group.values, required=True),
        "proof": row.text("proof"),
        "financial_difficulty": row.choice(
            "financial_difficulty", rules.FinancialDifficulty.values
        ),
        "especially_difficult_area": flag in TRUE,
        "matter": row.text("matter"),
        "form": row.choice("form", rules.Form.values, required=True),
        "field": row.choice("field", rules.Field.values, required=True),
        "procedural_status": row.choice("procedural_status", rules.ProceduralStatus.values),
        "stage": row.choice("stage", rules.Stage.values),
        "requested_at": requested_at,
    }
    plan: dict[str, Any] = {"place": place, "data": data}
    plan["notified_at"] = row.moment("notified_at")
    plan["body_kind"] = row.choice(
        "body_kind", rules.BodyKind.values, required=plan["notified_at"] is not None
    )
    plan["body_name"] = row.text("body_name")
    plan["accepted_at"] = row.moment("accepted_at")
    plan["immediate_ground"] = row.choice("immediate_ground", rules.ImmediateGround.values)
    document = row.text("performer_document")
    plan["assigned_at"] = row.moment("assigned_at", required=bool(document))
    plan["performer"] = None
    if document:
        plan["performer"] = performers.get(document)
        if plan["performer"] is None:
            row.fail(
                "performer_document", _("No performer of your centre has this card or contract.")
            )
        if plan["accepted_at"] is None and plan["notified_at"] is None:
            row.fail("accepted_at", _("A performer is assigned to an accepted case."))
    plan["outcome"] = row.choice("outcome", OUTCOMES)
    plan["ended_at"] = row.moment("ended_at", required=bool(plan["outcome"]))
    plan["ground"] = row.text("ground").lower()
    plan["result"] = row.text("result")
    if plan["outcome"] == "completed" and not document:
        row.fail("performer_document", _("A completed case had a performer."))
    return plan


def _play(actor: Any, plan: dict[str, Any]) -> bool:
    """One row through the services; whether it came from a notice."""
    data = services.RequestData(**plan["data"])
    if plan["notified_at"] is not None:
        row = services.notice_record(
            actor=actor,
            place=plan["place"],
            data=data,
            notice=services.NoticeData(
                body_kind=plan["body_kind"],
                body_name=plan["body_name"],
                person_requested_at=data.requested_at,
                notified_at=plan["notified_at"],
            ),
        )
        case = row.case
    else:
        case = services.request_open(actor=actor, place=plan["place"], data=data).case
        if plan["accepted_at"] is not None:
            services.case_accept(
                actor=actor,
                case=case,
                immediate=bool(plan["immediate_ground"]),
                ground=plan["immediate_ground"],
                at=plan["accepted_at"],
            )
    if plan["performer"] is not None:
        services.case_assign_performer(
            actor=actor, case=case, performer_id=plan["performer"], at=plan["assigned_at"]
        )
        if plan["outcome"] in ("completed", "discontinued", "terminated"):
            services.case_step(actor=actor, case=case, transition="start", at=plan["assigned_at"])
    outcome = plan["outcome"]
    if outcome:
        transition = STEP_OF[outcome]
        services.case_step(
            actor=actor,
            case=case,
            transition=transition,
            data=services.StepData(
                ground=plan["ground"],
                result=plan["result"] if outcome == "completed" else "",
                reason=plan["result"] if outcome == "terminated" else "",
            ),
            at=plan["ended_at"],
        )
    return plan["notified_at"] is not None


def _errors_of(line: int, error: DomainError) -> list[RowError]:
    if not error.fields:
        return [RowError(line, "", error.message)]
    return [
        RowError(line, FIELD_COLUMNS.get(name, name), reason)
        for name, reasons in error.fields.items()
        for reason in reasons
    ]


def import_file(path: Path, *, actor: Any, dry_run: bool = False) -> Result:
    """Check every row of ``path``, then play them all through the services in one transaction
    (rolled back for a dry run); ``ImportRefused`` with every bad row, and nothing written,
    otherwise."""
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only the officers of a legal aid centre import cases."))
    raw, header_errors = tabular.read_table(path, COLUMNS, sheet=SHEET)
    if header_errors:
        raise ImportRefused(header_errors)
    codes = {str(values.get("place_code") or "").strip() for _line, values in raw}
    places: dict[str, list[AdministrativeUnit]] = {}
    for unit in AdministrativeUnit.objects.filter(level=Level.COMMUNE, code__in=codes):
        places.setdefault(unit.code, []).append(unit)
    performers = dict(
        provider_selectors.assignable_performers(actor).values_list("document_number", "pk")
    )
    rows = [Row(line, values) for line, values in raw]
    plans = [(row, _parse(row, places, performers)) for row in rows]
    errors = [error for row in rows for error in row.errors]
    if errors:
        raise ImportRefused(errors)
    notices = 0
    with transaction.atomic():
        for row, plan in plans:
            try:
                notices += int(_play(actor, plan))
            except DomainError as error:
                errors += _errors_of(row.line, error)
        if errors:
            raise ImportRefused(errors)
        audit.record(
            actor=actor,
            action="legal_aid.cases.imported",
            data={
                "file": path.name,
                "cases": len(plans),
                "notices": notices,
                "at": timezone.now().isoformat(),
            },
        )
        if dry_run:
            transaction.set_rollback(True)
    return Result(len(plans), notices, dry_run)
