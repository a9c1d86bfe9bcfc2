"""The legal constants of civil judgment enforcement (THADS), in one place.

Every rule cites its basis; the tags are those of ``shared/reference/domain.md``: **[V]** the text
was read, **[S]** secondary source, **[D]** derived by us, **[U]** unconfirmed — a hypothesis kept
as a named constant here so that it is changed in one line once the text is read. The list, with
the reasoning, is in ``docs/domain/enforcement.md`` §3.
"""

from __future__ import annotations

import datetime
from typing import Final

from tuphap.core.deadlines import Unit

# -- law versions --------------------------------------------------------------------------------

# Luật THADS 26/2008/QH12 (amended) until 30 Jun 2026; Luật THADS 106/2025/QH15 + NĐ 152/2026
# from 1 Jul 2026 [V domain.md §0.1, §3.1].
NEW_LAW_FROM: Final = datetime.date(2026, 7, 1)
OLD_LAW_UNTIL: Final = NEW_LAW_FROM - datetime.timedelta(days=1)
OLD_LAW: Final = "2008"
NEW_LAW: Final = "2025"


def law_version(decision_date: datetime.date) -> str:
    """The law a decision was issued under, from its date."""
    return NEW_LAW if decision_date >= NEW_LAW_FROM else OLD_LAW


# -- statute of limitations for a request --------------------------------------------------------

# 5 years from the judgment's legal effect (Luật THADS 2008 Art. 30; NĐ 62/2015 Art. 4) [V].
REQUEST_LIMIT_YEARS_OLD: Final = 5
# Luật 106/2025: the length was not read [U]; kept at the old 5 years.
REQUEST_LIMIT_YEARS_NEW: Final = 5

# -- deadlines, old law (Luật 26/2008, NĐ 62/2015) [V unless marked] -----------------------------

# Notify the parties of the decision: 3 working days (Art. 39).
OLD_NOTIFY = (3, Unit.WORKING_DAYS, "Luật THADS 2008 Art. 39")
# Voluntary period: 10 days from valid notice (Art. 45(1)).
OLD_VOLUNTARY = (10, Unit.DAYS, "Luật THADS 2008 Art. 45(1)")
# Verify conditions within 10 days after the voluntary period (Art. 44(1)).
OLD_VERIFY = (10, Unit.DAYS, "Luật THADS 2008 Art. 44(1)")
# Re-verify "without conditions" at least every 6 months (Art. 44(2)).
OLD_REVERIFY = (6, Unit.MONTHS, "Luật THADS 2008 Art. 44(2)")
# Every year when the obligor is in prison with ≥ 2 years left or the address is unknown.
OLD_REVERIFY_LONG = (1, Unit.YEARS, "Luật THADS 2008 Art. 44(2)")
# Confirmation of the result: 5 working days (Art. 53) — the deadline of the "enforcing" state
# is not fixed by law; none is set.
# Separate tracking book: ≥ 1 year since the no-condition decision and verified ≥ 2 times
# (NĐ 62/2015 Art. 9(5)) [V]. The 2-year variant (long prisoners, unknown address) is not
# modelled: the office head decides that case on the file.
OLD_SEPARATE_BOOK_AFTER_MONTHS: Final = 12
OLD_SEPARATE_BOOK_MIN_VERIFICATIONS: Final = 2

# -- deadlines, new law (Luật 106/2025, NĐ 152/2026) ---------------------------------------------

# Notify the parties: not read in NĐ 152 [U]; the old 3 working days.
NEW_NOTIFY = (3, Unit.WORKING_DAYS, "NĐ 152/2026 [U: old Art. 39 kept]")
# Voluntary period under the new law [U per domain.md §3.3]; the old 10 days.
NEW_VOLUNTARY = (10, Unit.DAYS, "Luật THADS 106/2025 [U: old Art. 45(1) kept]")
# Verification after the voluntary period [U]; the old 10 days.
NEW_VERIFY = (10, Unit.DAYS, "NĐ 152/2026 Art. 21 [U: old Art. 44(1) kept]")
# Periodic re-verification [U]; the old 6 months / 1 year.
NEW_REVERIFY = (6, Unit.MONTHS, "NĐ 152/2026 Art. 22 [U: old Art. 44(2) kept]")
NEW_REVERIFY_LONG = (1, Unit.YEARS, "NĐ 152/2026 Art. 22 [U: old Art. 44(2) kept]")
# After 2 years since the no-condition decision with periodic re-verification and no new
# information: ex-officio cases go to the separate book, request cases are returned
# (NĐ 152/2026 Art. 22; Luật 106/2025 Art. 38(4), 34(2)) [V].
NEW_SEPARATE_BOOK_AFTER_MONTHS: Final = 24
NEW_RETURN_REQUEST_AFTER_MONTHS: Final = 24
# The number of re-verifications the 2 years must contain [U]: the old minimum of 2.
NEW_SEPARATE_BOOK_MIN_VERIFICATIONS: Final = 2
