"""What the legal aid app contributes to statistics (autodiscovered by the statistics app)."""

from __future__ import annotations

from tuphap.legal_aid.cases import indicators as cases  # noqa: F401
