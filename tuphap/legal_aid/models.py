"""The legal aid app's records, area by area (Django loads ``legal_aid.models``). Code imports
a model from its area (``legal_aid.cases.models``)."""

from __future__ import annotations

from tuphap.legal_aid.cases import models as cases  # noqa: F401
from tuphap.legal_aid.providers import models as providers  # noqa: F401
