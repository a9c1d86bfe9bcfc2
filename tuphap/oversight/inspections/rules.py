"""The inspection rules as data and pure functions: the kinds of inspection, of recommendation
and of finding, the time limits of the inspection law, and the checks of the sanctioning
decisions sampled by the inter-sectoral inspections of the law on administrative violations
(docs/domain/inspections.md). No database.

The time limits of the inspection law are unconfirmed in the reference (Luật Thanh tra
84/2025/QH15 was not read; the numbers are those of Luật Thanh tra 11/2022/QH15 for a ministry's
inspectorate) and so are configurable: ``settings.OVERSIGHT_INSPECTION_LIMITS`` may replace any
of ``LIMITS`` by name, e.g. ``{"on_site": 30}``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.core.deadlines import add_months


class Kind(models.TextChoices):
    """How an inspection comes about."""

    PLANNED = "planned", _("In the annual plan")
    UNANNOUNCED = "unannounced", _("Unannounced")
    SIGNS = "signs", _("On signs of violation")
    POST_AUDIT = "post_audit", _("Post-inspection audit of a conclusion")


class Form(models.TextChoices):
    INSPECTION = "inspection", _("Inspection (thanh tra)")
    CHECK = "check", _("Check (kiểm tra)")


class SubjectKind(models.TextChoices):
    AGENCY = "agency", _("State agency")
    JUSTICE_OFFICE = "justice_office", _("Justice office of a commune")
    ENFORCEMENT = "enforcement", _("Judgment enforcement office")
    NOTARY = "notary", _("Notary organisation")
    AUCTION = "auction", _("Property auction organisation")
    LAWYER = "lawyer", _("Law practice")
    OTHER = "other", _("Other organisation")


class MemberRole(models.TextChoices):
    HEAD = "head", _("Head of the team")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Member")


class RecommendationKind(models.TextChoices):
    MONEY = "money", _("Money to recover")
    DISCIPLINE = "discipline", _("Disciplinary measure")
    RULE = "rule", _("Rule to amend")
    REFERRAL = "referral", _("Referral to investigation")
    OTHER = "other", _("Other measure")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Being followed up")
    IMPLEMENTED = "implemented", _("Implemented")
    CLOSED = "closed", _("Closed without full implementation")


class DecisionCase(models.TextChoices):
    """How long the sanctioning official had to decide after the record (Luật XLVPHC 2012
    Art. 66(1), amended 2020)."""

    ORDINARY = "ordinary", _("Ordinary case (7 days)")
    EXPLANATION = "explanation", _("The violator asked to explain (10 days)")
    COMPLEX = "complex", _("Complex case (30 days, once 30 more)")


class FindingKind(models.TextChoices):
    LATE_DECISION = "late_decision", _("Decision after its time limit from the record")
    TIME_BARRED = "time_barred", _("Sanction decided after the statute of sanctioning")
    LATE_COMPLIANCE = "late_compliance", _("Decision complied with after 10 days")
    NOT_EXECUTED = "not_executed", _("Decision not executed within its execution statute")


ARTICLES: Final = {
    FindingKind.LATE_DECISION: "Luật XLVPHC 2012 (sửa đổi 2020) Art. 66(1)",
    FindingKind.TIME_BARRED: "Luật XLVPHC 2012 (sửa đổi 2020) Art. 6(1)",
    FindingKind.LATE_COMPLIANCE: "Luật XLVPHC 2012 Art. 73(1)",
    FindingKind.NOT_EXECUTED: "Luật XLVPHC 2012 Art. 74(1)",
}

# -- the administrative-violation time limits (docs §5) ------------------------------------------

DECISION_DAYS: Final = {
    DecisionCase.ORDINARY: 7,
    DecisionCase.EXPLANATION: 10,  # [U] the 2020 amendment's longer limit when asked to explain
    DecisionCase.COMPLEX: 60,  # [U] 30 days, extended once by 30
}
SANCTION_STATUTE_YEARS: Final = 1  # 2 in the fields Art. 6(1)(a) lists
SANCTION_STATUTE_YEARS_LONG: Final = 2
COMPLIANCE_DAYS: Final = 10
EXECUTION_STATUTE_YEARS: Final = 1

# -- the inspection law's limits [U], calendar days, configurable ---------------------------------

DEFAULT_LIMITS: Final[dict[str, int]] = {
    # The decision is announced and the on-site work starts within 15 days of signing.
    "announce": 15,
    # On-site work of a ministry's inspection: 45 days, once 30 more.
    "on_site": 45,
    "on_site_extension": 30,
    # The team's report within 15 days of the end of the on-site work.
    "report": 15,
    # The conclusion within 30 days of the report, once 15 more.
    "conclusion": 30,
    "conclusion_extension": 15,
}
LIMIT_BASIS: Final = "Luật Thanh tra 11/2022/QH15 [U: 84/2025/QH15]"


def limits() -> dict[str, int]:
    """The inspection law's limits in force here (the defaults, as the settings replace them)."""
    return {**DEFAULT_LIMITS, **getattr(settings, "OVERSIGHT_INSPECTION_LIMITS", {})}


# -- the older rule set: Luật Thanh tra 56/2010/QH12 (docs §3.1, docs/domain/rule-sets.md) -------

# The rule set is chosen by the date of the inspection decision (the case's event date): the
# 2022 law took effect on 1 July 2023 (Luật Thanh tra 11/2022/QH15 Art. 118 [U: article]) and an
# inspection decided earlier runs under the 2010 law to its end [U: transitional rule not read].
NEW_LAW_FROM: Final = datetime.date(2023, 7, 1)
OLD_LAW_FROM: Final = datetime.date(2011, 7, 1)  # Luật Thanh tra 56/2010/QH12 Art. 78 [U]
OLD_LAW_UNTIL: Final = NEW_LAW_FROM - datetime.timedelta(days=1)

DEFAULT_OLD_LIMITS: Final[dict[str, int]] = {
    # Announced within 15 days of signing [U: NĐ 86/2011/NĐ-CP; TT 05/2014/TT-TTCP].
    "announce": 15,
    # A ministry's or province's inspection: at most 45 days, a complex one at most 70 in all,
    # i.e. 25 more (Luật Thanh tra 2010 Art. 45(1) [U: from memory, text not retrieved]).
    "on_site": 45,
    "on_site_extension": 25,
    # The team's report within 15 days of the end of the on-site work [U: TT 05/2014/TT-TTCP].
    "report": 15,
    # The conclusion within 15 days of the report, with no extension (Luật Thanh tra 2010
    # Art. 50(1) [U: from memory]).
    "conclusion": 15,
}
OLD_LIMIT_BASIS: Final = "Luật Thanh tra 56/2010/QH12 Art. 45, 50; NĐ 86/2011/NĐ-CP [U]"


def old_limits() -> dict[str, int]:
    """The 2010 law's limits (the defaults, as ``settings.OVERSIGHT_INSPECTION_OLD_LIMITS``
    replaces them by name)."""
    return {**DEFAULT_OLD_LIMITS, **getattr(settings, "OVERSIGHT_INSPECTION_OLD_LIMITS", {})}


@dataclass(frozen=True)
class Sample:
    """A sanctioning decision sampled by an inspection."""

    violation_on: datetime.date
    record_on: datetime.date
    decision_on: datetime.date
    case: str = DecisionCase.ORDINARY
    long_statute: bool = False  # a field with the 2-year statute
    received_on: datetime.date | None = None  # the violator received the decision
    complied_on: datetime.date | None = None  # complied with (or enforced)


@dataclass(frozen=True)
class Finding:
    kind: str
    article: str
    detail: str


def _plus_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


def check(sample: Sample, *, today: datetime.date) -> list[Finding]:
    """The §7.2 checks of one sanctioning decision; each finding names its article. Periods are
    counted in calendar days from the day after the start (BLDS 2015 Art. 147)."""
    findings = []
    limit = DECISION_DAYS.get(DecisionCase(sample.case), 7)
    decide_by = sample.record_on + datetime.timedelta(days=limit)
    if sample.decision_on > decide_by:
        findings.append(
            Finding(
                FindingKind.LATE_DECISION,
                ARTICLES[FindingKind.LATE_DECISION],
                f"{(sample.decision_on - sample.record_on).days} > {limit}",
            )
        )
    years = SANCTION_STATUTE_YEARS_LONG if sample.long_statute else SANCTION_STATUTE_YEARS
    statute_end = _plus_years(sample.violation_on, years)
    if sample.decision_on > statute_end:
        findings.append(
            Finding(
                FindingKind.TIME_BARRED,
                ARTICLES[FindingKind.TIME_BARRED],
                f"{sample.decision_on.isoformat()} > {statute_end.isoformat()}",
            )
        )
    received = sample.received_on or sample.decision_on
    comply_by = received + datetime.timedelta(days=COMPLIANCE_DAYS)
    if sample.complied_on is not None and sample.complied_on > comply_by:
        findings.append(
            Finding(
                FindingKind.LATE_COMPLIANCE,
                ARTICLES[FindingKind.LATE_COMPLIANCE],
                f"{sample.complied_on.isoformat()} > {comply_by.isoformat()}",
            )
        )
    execution_end = _plus_years(sample.decision_on, EXECUTION_STATUTE_YEARS)
    done = sample.complied_on
    if (done is None and today > execution_end) or (done is not None and done > execution_end):
        findings.append(
            Finding(
                FindingKind.NOT_EXECUTED,
                ARTICLES[FindingKind.NOT_EXECUTED],
                f"{(done or today).isoformat()} > {execution_end.isoformat()}",
            )
        )
    return findings
