"""The outreach app's demo steps, area by area (autodiscovered by ``load_demo``)."""

from __future__ import annotations
