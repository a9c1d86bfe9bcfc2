"""What the oversight app contributes to statistics (autodiscovered by the statistics app)."""

from __future__ import annotations

from tuphap.oversight.compensation import indicators as compensation  # noqa: F401
from tuphap.oversight.complaints import indicators as complaints  # noqa: F401
from tuphap.oversight.denunciations import indicators as denunciations  # noqa: F401
from tuphap.oversight.inspections import indicators as inspections  # noqa: F401
from tuphap.oversight.reception import indicators as reception  # noqa: F401
