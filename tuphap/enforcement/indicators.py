"""What the enforcement app contributes to statistics, area by area (autodiscovered by the
statistics app): each area's ``indicators`` module registers its own indicators and identities.
"""

from __future__ import annotations

from tuphap.enforcement.administrative import indicators as administrative  # noqa: F401
from tuphap.enforcement.cases import indicators as cases  # noqa: F401
