"""The status of a detailing obligation on a date: pure functions, no database.

Rule (Luật Ban hành VBQPPL 64/2025/QH15 Art. 53(2), see docs/domain/legislation.md): the
detailing document must take effect at the same time as the provision it details. So with
``due`` the effective date of the delegating provision:

* a detailing document linked to the obligation and signed by ``day`` fulfils it: *on time* if
  the first such document takes effect on or before ``due``, *late* otherwise;
* with none, the obligation is *not yet due* before ``due`` and *overdue* from ``due`` on (the
  provision is then in force with nothing detailing it); days overdue count from ``due``
  (0 on the day itself);
* *no longer needed* from the day the delegating provision ceased to need it (repealed,
  replaced), unless it had been fulfilled before.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from tuphap.legislation.documents.models import DocumentType, ObligationStatus


@dataclass(frozen=True)
class Fulfilment:
    signed_on: datetime.date
    effective_on: datetime.date


def status_on(
    *,
    due_on: datetime.date,
    day: datetime.date,
    fulfilments: Iterable[Fulfilment] = (),
    not_needed_from: datetime.date | None = None,
) -> ObligationStatus:
    known = [item for item in fulfilments if item.signed_on <= day]
    if known:
        first = min(item.effective_on for item in known)
        if first <= due_on:
            return ObligationStatus.FULFILLED_ON_TIME
        return ObligationStatus.FULFILLED_LATE
    if not_needed_from is not None and not_needed_from <= day:
        return ObligationStatus.NO_LONGER_NEEDED
    if day < due_on:
        return ObligationStatus.NOT_YET_DUE
    return ObligationStatus.OVERDUE


def days_overdue(*, due_on: datetime.date, day: datetime.date) -> int:
    return max((day - due_on).days, 0)


# What the symbol of each type looks like: (allowed type codes, issuer code pattern).
SYMBOL_RULES: dict[str, tuple[frozenset[str], str]] = {
    DocumentType.LAW: (frozenset({""}), r"QH\d+"),
    DocumentType.NA_RESOLUTION: (frozenset({""}), r"QH\d+"),
    DocumentType.ORDINANCE: (frozenset({""}), r"UBTVQH\d+"),
    DocumentType.STANDING_COMMITTEE_RESOLUTION: (frozenset({"", "NQ"}), r"UBTVQH\d+"),
    DocumentType.DECREE: (frozenset({"NĐ"}), r"CP"),
    DocumentType.GOVERNMENT_RESOLUTION: (frozenset({"NQ"}), r"CP"),
    DocumentType.PM_DECISION: (frozenset({"QĐ"}), r"TTg"),
    DocumentType.CIRCULAR: (frozenset({"TT"}), r"[A-ZĐ][A-Za-zĐ]*"),
    DocumentType.JOINT_CIRCULAR: (frozenset({"TTLT"}), r"[A-ZĐ][A-Za-zĐ]*(?:-[A-ZĐ][A-Za-zĐ]*)+"),
    DocumentType.PROVINCIAL_COUNCIL_RESOLUTION: (frozenset({"NQ"}), r"HĐND"),
    DocumentType.PROVINCIAL_COMMITTEE_DECISION: (frozenset({"QĐ"}), r"UBND"),
    DocumentType.COMMUNE_COUNCIL_RESOLUTION: (frozenset({"NQ"}), r"HĐND"),
    DocumentType.COMMUNE_COMMITTEE_DECISION: (frozenset({"QĐ"}), r"UBND"),
}
