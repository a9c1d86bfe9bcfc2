"""The civil status app's models, area by area (Django loads ``civil_status.models``)."""

from __future__ import annotations

from tuphap.civil_status.applications import models as applications  # noqa: F401
from tuphap.civil_status.extracts import models as extracts  # noqa: F401
from tuphap.civil_status.registration import models as registration  # noqa: F401
