"""What the civil status app contributes to statistics, area by area (autodiscovered by the
statistics app): each area's ``indicators`` module registers its own indicators."""

from __future__ import annotations

from tuphap.civil_status.applications import indicators as applications  # noqa: F401
from tuphap.civil_status.registration import indicators as registration  # noqa: F401
