"""The oversight app's demo steps, area by area (autodiscovered by ``load_demo``)."""

from __future__ import annotations

from tuphap.oversight.compensation import demo as compensation  # noqa: F401
from tuphap.oversight.complaints import demo as complaints  # noqa: F401
from tuphap.oversight.denunciations import demo as denunciations  # noqa: F401
from tuphap.oversight.inspections import demo as inspections  # noqa: F401
from tuphap.oversight.reception import demo as reception  # noqa: F401
