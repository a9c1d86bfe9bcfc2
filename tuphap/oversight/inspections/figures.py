"""The inspection figures of a window of days, computed from the register
(docs/domain/inspections.md §6 defines them; this module is that definition).

Per (place, inspecting agency): ``decided`` inspections by the day of their decision, split by
kind (``kind.planned``, ``kind.unannounced``, ``kind.signs``, ``kind.post_audit``), and
``inter_sectoral`` (the inter-sectoral inspections of administrative-violation enforcement);
``concluded`` by the day of the conclusion, with what that conclusion carries: its
recommendations by kind (``recommendations`` = Σ ``recommendation.<kind>``), the money
recommended, the sanctioning decisions checked and the violations found by kind;
``implemented`` recommendations and the ``money_recovered`` by the day the follow-up ended."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from tuphap.oversight.inspections import rules
from tuphap.oversight.inspections.models import Finding, Inspection, Recommendation, SampledDecision

Key = tuple[int | None, int]
Figures = dict[Key, dict[str, int]]
KINDS = [str(v) for v in rules.Kind.values]
RECOMMENDATIONS = [str(v) for v in rules.RecommendationKind.values]
FINDINGS = [str(v) for v in rules.FindingKind.values]


def empty() -> dict[str, int]:
    names = ["decided", "inter_sectoral", "concluded", "recommendations", "implemented"]
    names += ["money_recommended", "money_recovered", "decisions_checked", "violations"]
    names += [f"kind.{k}" for k in KINDS]
    names += [f"recommendation.{k}" for k in RECOMMENDATIONS]
    names += [f"violation.{k}" for k in FINDINGS]
    return dict.fromkeys(names, 0)


def load(*, until: datetime.date, inspections: Any = None) -> dict[str, list[tuple[Any, ...]]]:
    rows = Inspection.objects.filter(decision_date__lte=until)
    if inspections is not None:
        rows = rows.filter(case_id__in=inspections)
    facts: dict[str, list[tuple[Any, ...]]] = {
        "inspections": list(
            rows.values_list(
                "case_id",
                "case__place_id",
                "agency_id",
                "kind",
                "decision_date",
                "conclusion_date",
                "inter_sectoral",
                "violations_law",
            ).order_by()
        )
    }
    ids = [row[0] for row in facts["inspections"]]
    facts["recommendations"] = list(
        Recommendation.objects.filter(inspection_id__in=ids)
        .values_list("inspection_id", "kind", "amount", "status", "recovered", "implemented_on")
        .order_by()
    )
    facts["samples"] = list(
        SampledDecision.objects.filter(inspection_id__in=ids)
        .values_list("inspection_id")
        .order_by()
    )
    facts["findings"] = list(
        Finding.objects.filter(sample__inspection_id__in=ids)
        .values_list("sample__inspection_id", "kind")
        .order_by()
    )
    return facts


def _inside(day: datetime.date | None, start: datetime.date, end: datetime.date) -> bool:
    return day is not None and start <= day <= end


def compute(
    facts: dict[str, list[tuple[Any, ...]]], start: datetime.date, end: datetime.date
) -> Figures:
    result: Figures = defaultdict(empty)
    where: dict[int, tuple[Key, datetime.date | None]] = {}
    for case_id, place, agency, kind, decided, concluded, inter, violations in facts["inspections"]:
        key = (place, agency)
        where[case_id] = (key, concluded)
        if _inside(decided, start, end):
            values = result[key]
            values["decided"] += 1
            values[f"kind.{kind}"] += 1
            values["inter_sectoral"] += int(inter and violations)
        if _inside(concluded, start, end):
            result[key]["concluded"] += 1
    for case_id, kind, amount, status, recovered, done_on in facts["recommendations"]:
        key, concluded = where[case_id]
        if _inside(concluded, start, end):
            values = result[key]
            values["recommendations"] += 1
            values[f"recommendation.{kind}"] += 1
            values["money_recommended"] += amount
        if _inside(done_on, start, end):
            values = result[key]
            values["implemented"] += int(status == rules.RecommendationStatus.IMPLEMENTED)
            values["money_recovered"] += recovered
    for (case_id,) in facts["samples"]:
        key, concluded = where[case_id]
        if _inside(concluded, start, end):
            result[key]["decisions_checked"] += 1
    for case_id, kind in facts["findings"]:
        key, concluded = where[case_id]
        if _inside(concluded, start, end):
            result[key]["violations"] += 1
            result[key][f"violation.{kind}"] += 1
    return {key: values for key, values in result.items() if any(values.values())}


def totals(result: Figures) -> dict[str, int]:
    total = empty()
    for values in result.values():
        for name, value in values.items():
            total[name] += value
    return total
