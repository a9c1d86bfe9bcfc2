"""What the legislation app contributes to statistics, area by area (autodiscovered by the
statistics app): each area's ``indicators`` module registers its own indicators and identities.
"""

from __future__ import annotations

from tuphap.legislation.checking import indicators as checking  # noqa: F401
from tuphap.legislation.documents import indicators as documents  # noqa: F401
from tuphap.legislation.programme import indicators as programme  # noqa: F401
