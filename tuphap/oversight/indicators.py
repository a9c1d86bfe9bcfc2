"""What the oversight app contributes to statistics (autodiscovered by the statistics app)."""

from __future__ import annotations
