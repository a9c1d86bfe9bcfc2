"""The legal aid app's demo steps, area by area (autodiscovered by ``load_demo``)."""

from __future__ import annotations

from tuphap.legal_aid.cases import demo as cases  # noqa: F401
