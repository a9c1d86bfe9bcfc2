"""What the denunciation register contributes to statistics: ``oversight.denunciations.*`` per
month, place and agency (docs/domain/denunciations.md §6), with the flow identities. No figure
reads the denouncers."""

from __future__ import annotations

import datetime

from tuphap.oversight.complaints import figures as complaint_figures
from tuphap.oversight.complaints.indicators import register_flow
from tuphap.oversight.denunciations import figures
from tuphap.oversight.denunciations.models import Denunciation


def load(until: datetime.date) -> list[complaint_figures.Matter]:
    return figures.matters(Denunciation.objects.filter(received_on__lte=until))


INDICATORS, IDENTITIES = register_flow(
    "oversight.denunciations",
    "Tố cáo",
    "Denunciations",
    load,
    doc="docs/domain/denunciations.md §6",
    money=("Tiền kiến nghị thu hồi", "Money to recover"),
)
