"""Writing aggregate forms: opening a report, saving cells (with history), the workflow
submit → approve or return → accept, and unlock. One call is one transaction with its audit
rows; approved and accepted values become rollup facts in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.core import audit
from tuphap.core.errors import AccessDenied, Conflict, ValidationFailed
from tuphap.statistics.aggregate import facts, permissions, rules, selectors
from tuphap.statistics.aggregate.models import (
    AggregateValue,
    DataSet,
    FormReport,
    ReportAction,
    ReportEvent,
    ReportStatus,
    ValueChange,
)

MAX_VALUE = 10**12  # no count of the sector comes near; a typo of extra digits does

# A cell's name in forms, uploads and error messages: "element" or "element.option".
CellKey = tuple[str, str | None]


def cell_name(element: str, option: str | None) -> str:
    return f"{element}.{option}" if option else element


def parse_value(raw: Any) -> int | None:
    """A cell's text → integer (None when empty); ValueError with the reason."""
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
    if number > MAX_VALUE:
        raise ValueError(_("The figure is too large."))
    return number


@transaction.atomic
def report_open(*, actor: Any, data_set: DataSet, period: str) -> FormReport:
    """The actor's agency's report of the data set for the period (created as a draft)."""
    if not permissions.can_enter_for(actor):
        raise AccessDenied(_("Your role does not fill in report forms."))
    if not data_set.active or not selectors.reports_form(data_set, actor.agency):
        raise AccessDenied(_("Your agency does not report this form."))
    try:
        parsed = selectors.parse_period(data_set, period)
    except ValueError as error:
        raise ValidationFailed(str(error), fields={"period": str(error)}) from None
    report, created = FormReport.objects.get_or_create(
        data_set=data_set,
        agency=actor.agency,
        period=parsed.code,
        defaults={
            "place": selectors.place_of(actor.agency),
            "period_start": parsed.start,
            "period_end": parsed.end,
            "deadline": selectors.deadline_of(data_set, parsed),
        },
    )
    if created:
        audit.record(
            actor=actor,
            action="statistics.form.opened",
            obj=report,
            data={"data_set": data_set.code, "period": parsed.code},
        )
    return report


def _locked(report_id: int) -> FormReport:
    # Only the report's own row: its place may be empty (a national agency's form), and
    # PostgreSQL locks no row of the nullable side of an outer join.
    return (
        FormReport.objects.select_for_update(of=("self",))
        .select_related("data_set", "agency", "place")
        .get(pk=report_id)
    )


def _check_editable(actor: Any, report: FormReport) -> None:
    if not permissions.can_enter(actor, report):
        raise AccessDenied(_("Only the reporting agency's officer fills in this form."))
    if not report.editable:
        raise Conflict(
            _("The form is %(status)s: its figures are locked. Ask the level above to unlock it.")
            % {"status": report.get_status_display().lower()},
            code="form_locked",
        )


@dataclass(frozen=True)
class SaveResult:
    changed: int
    findings: list[rules.Finding]


@transaction.atomic
def values_save(
    *,
    actor: Any,
    report: FormReport,
    cells: Mapping[str, Any],
    channel: str = "web",
) -> SaveResult:
    """Save cells named ``element`` or ``element.option`` (an empty one clears the cell):
    all or nothing, every bad cell named. Returns the changed count and the rule findings."""
    report = _locked(report.pk)
    _check_editable(actor, report)
    grid = selectors.grid_of(report.data_set)
    elements = {row.element.code: row for row in grid.rows}
    errors: dict[str, str] = {}
    wanted: dict[CellKey, int | None] = {}
    for name, raw in cells.items():
        element_code, _dot, named_option = name.partition(".")
        row = elements.get(element_code)
        wanted_option = named_option or None
        if (
            row is None
            or (wanted_option is None and row.options)
            or (wanted_option is not None and wanted_option not in row.options)
        ):
            errors[name] = _("This form has no cell %(name)s.") % {"name": name}
            continue
        try:
            wanted[(element_code, wanted_option)] = parse_value(raw)
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        raise ValidationFailed(_("Some figures are not valid."), fields=errors)
    existing = {
        (value.element.code, value.option.code if value.option else None): value
        for value in AggregateValue.objects.filter(report=report).select_related(
            "element", "option"
        )
    }
    now = timezone.now()
    changes = []
    for (element_code, option_code), new in wanted.items():
        current = existing.get((element_code, option_code))
        old = current.value if current else None
        if old == new:
            continue
        element = elements[element_code].element
        option = grid.options.get((element.pk, option_code)) if option_code else None
        if new is None:
            assert current is not None  # noqa: S101  (old differs from None)
            current.delete()
        elif current is None:
            AggregateValue.objects.create(
                report=report,
                element=element,
                option=option,
                value=new,
                updated_at=now,
                updated_by=actor,
            )
        else:
            current.value, current.updated_at, current.updated_by = new, now, actor
            current.save(update_fields=["value", "updated_at", "updated_by"])
        changes.append(
            ValueChange(
                report=report,
                element=element,
                option=option,
                old=old,
                new=new,
                changed_by=actor,
                changed_at=now,
                channel=channel,
            )
        )
    if changes:
        ValueChange.objects.bulk_create(changes)
        audit.record(
            actor=actor,
            action="statistics.form.values_saved",
            obj=report,
            data={
                "channel": channel,
                "changes": [
                    [cell_name(c.element.code, c.option.code if c.option else None), c.old, c.new]
                    for c in changes[:200]
                ],
                "count": len(changes),
            },
        )
        FormReport.objects.filter(pk=report.pk).update(updated_at=now)
    return SaveResult(len(changes), selectors.findings_of(report))


def _errors_block(report: FormReport) -> list[rules.Finding]:
    findings = selectors.findings_of(report)
    errors = [finding for finding in findings if finding.severity == rules.ERROR]
    if errors:
        raise ValidationFailed(
            _("The form does not pass its checks; correct the figures first."),
            fields={finding.rule: finding.message for finding in errors},
        )
    return findings


def _event(actor: Any, report: FormReport, action: str, comment: str = "") -> None:
    ReportEvent.objects.create(
        report=report,
        action=action,
        actor=actor,
        agency=actor.agency,
        at=timezone.now(),
        comment=comment,
    )
    audit.record(
        actor=actor,
        action=f"statistics.form.{action}",
        obj=report,
        data={"status": report.status, "comment": comment}
        if comment
        else {"status": report.status},
    )


def _need_state(report: FormReport, *states: str) -> None:
    if report.status not in states:
        raise Conflict(
            _("The form is %(status)s; this step is not possible now.")
            % {"status": report.get_status_display().lower()},
            code="wrong_state",
        )


@transaction.atomic
def report_submit(*, actor: Any, report: FormReport) -> list[rules.Finding]:
    """Send the form to the level above. Errors block it, warnings do not (returned)."""
    report = _locked(report.pk)
    _check_editable(actor, report)
    if not report.values.exists():
        raise ValidationFailed(
            _("The form is empty; enter its figures (0 where nothing happened) first."),
            fields={"values": _("No figure has been entered.")},
        )
    findings = _errors_block(report)
    now = timezone.now()
    report.status = ReportStatus.SUBMITTED
    if report.submitted_at is None:  # timeliness counts the first submission
        report.submitted_at = now
        report.late = timezone.localtime(now).date() > report.deadline
    report.save(update_fields=["status", "submitted_at", "late", "updated_at"])
    _event(actor, report, ReportAction.SUBMIT)
    return [finding for finding in findings if finding.severity == rules.WARNING]


@transaction.atomic
def report_return(*, actor: Any, report: FormReport, comment: str) -> FormReport:
    report = _locked(report.pk)
    if not permissions.can_approve(actor, report):
        raise AccessDenied(_("Only a report approver of the level above returns this form."))
    _need_state(report, ReportStatus.SUBMITTED)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationFailed(
            _("Say what must be corrected."), fields={"comment": _("A comment is required.")}
        )
    report.status, report.comment = ReportStatus.RETURNED, comment[:1000]
    report.save(update_fields=["status", "comment", "updated_at"])
    _event(actor, report, ReportAction.RETURN, comment)
    return report


@transaction.atomic
def report_approve(*, actor: Any, report: FormReport, comment: str = "") -> FormReport:
    """Approve a submitted form (its checks rerun); its values become facts and are locked."""
    report = _locked(report.pk)
    if not permissions.can_approve(actor, report):
        raise AccessDenied(_("Only a report approver of the level above approves this form."))
    _need_state(report, ReportStatus.SUBMITTED)
    _errors_block(report)
    report.status, report.comment = ReportStatus.APPROVED, ""
    report.save(update_fields=["status", "comment", "updated_at"])
    facts.write_report(report)
    _event(actor, report, ReportAction.APPROVE, comment.strip())
    return report


@transaction.atomic
def report_accept(*, actor: Any, report: FormReport) -> FormReport:
    report = _locked(report.pk)
    if not permissions.can_accept(actor, report):
        raise AccessDenied(_("Only the ministry's statistics officer accepts forms."))
    _need_state(report, ReportStatus.APPROVED)
    report.status = ReportStatus.ACCEPTED
    report.save(update_fields=["status", "updated_at"])
    facts.write_report(report)
    _event(actor, report, ReportAction.ACCEPT)
    return report


@transaction.atomic
def report_unlock(*, actor: Any, report: FormReport, reason: str) -> FormReport:
    """Reopen an approved or accepted form for correction (audited, with the reason); its
    figures leave the rollup store until it is approved again."""
    report = _locked(report.pk)
    _need_state(report, ReportStatus.APPROVED, ReportStatus.ACCEPTED)
    if not permissions.can_unlock(actor, report):
        raise AccessDenied(_("You may not unlock this form."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Say why the form is unlocked."), fields={"comment": _("A reason is required.")}
        )
    report.status, report.comment = ReportStatus.RETURNED, reason[:1000]
    report.save(update_fields=["status", "comment", "updated_at"])
    facts.write_report(report)
    _event(actor, report, ReportAction.UNLOCK, reason)
    return report


def is_overdue(report: FormReport, today: datetime.date | None = None) -> bool:
    return report.submitted_at is None and (today or timezone.localdate()) > report.deadline
