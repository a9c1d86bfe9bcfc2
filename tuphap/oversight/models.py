"""The oversight app's records, area by area (Django loads ``oversight.models``). Code
imports a model from its area."""

from __future__ import annotations

from tuphap.oversight.reception import models as reception  # noqa: F401
