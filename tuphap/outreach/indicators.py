"""What the outreach app contributes to statistics (autodiscovered by the statistics app)."""

from __future__ import annotations

from tuphap.outreach.dissemination import indicators as dissemination  # noqa: F401
from tuphap.outreach.mediation import indicators as mediation  # noqa: F401
