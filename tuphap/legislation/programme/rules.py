"""Every number of the law-making programme and appraisal, in one place, with its legal basis.

The appraisal time limits of Luật Ban hành VBQPPL 64/2025/QH15 (in force from 1 April 2025)
and NĐ 78/2025/NĐ-CP are NOT confirmed (domain.md §13). What is known [S]: the 2025 law
"increases the time limits of appraisal and verification" (danchuphapluat.vn on the 2025 law).
The figures below are the OLD rule of Luật 80/2015/QH13 (appraisal report within 20 days of
receiving the full dossier: Art. 39(3) for policy proposals, Art. 58(4) for draft laws,
Art. 92(4) for draft decrees) [U: from memory of the 2015 text, not retrieved], used for both
rule sets until the 2025 figures are confirmed. Correct them here and only here.
"""

from __future__ import annotations

import datetime
from typing import Final

from tuphap.core.deadlines import Unit

# Luật 80/2015/QH13 was replaced by Luật 64/2025/QH15 on 1 April 2025 [S: vneconomy, 2025].
NEW_LAW_FROM: Final = datetime.date(2025, 4, 1)
OLD_LAW_UNTIL: Final = NEW_LAW_FROM - datetime.timedelta(days=1)

OLD_BASIS: Final = "Luật BHVBQPPL 80/2015/QH13"
NEW_BASIS: Final = "Luật BHVBQPPL 64/2025/QH15; NĐ 78/2025/NĐ-CP"

# (amount, unit, legal basis) of the appraisal report, counted from the day the full dossier
# reached the appraising unit (that day not counted; Civil Code Art. 147–148).
OLD_PROPOSAL_APPRAISAL: Final = (20, Unit.DAYS, "Luật 80/2015 Art. 39(3) [U]")
OLD_DRAFT_APPRAISAL: Final = (20, Unit.DAYS, "Luật 80/2015 Art. 58(4), 92(4) [U]")
NEW_PROPOSAL_APPRAISAL: Final = (20, Unit.DAYS, "Luật 64/2025; NĐ 78/2025 [U: old figure kept]")
NEW_DRAFT_APPRAISAL: Final = (20, Unit.DAYS, "Luật 64/2025; NĐ 78/2025 [U: old figure kept]")

# A planned session is in a month of the programme year; terms are numbered (khóa XV = 15).
MAX_LEGISLATURE: Final = 40
MAX_SESSION: Final = 20
