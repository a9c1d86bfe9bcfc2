"""The oversight app's records, area by area (Django loads ``oversight.models``). Code
imports a model from its area."""

from __future__ import annotations

from tuphap.oversight.compensation import models as compensation  # noqa: F401
from tuphap.oversight.complaints import models as complaints  # noqa: F401
from tuphap.oversight.denunciations import models as denunciations  # noqa: F401
from tuphap.oversight.inspections import models as inspections  # noqa: F401
from tuphap.oversight.reception import models as reception  # noqa: F401
