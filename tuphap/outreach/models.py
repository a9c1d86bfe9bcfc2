"""The outreach app's records, area by area (Django loads ``outreach.models``). Code imports a model
from its area."""

from __future__ import annotations

from tuphap.outreach.dissemination import models as dissemination  # noqa: F401
from tuphap.outreach.mediation import models as mediation  # noqa: F401
from tuphap.outreach.people import models as people  # noqa: F401
