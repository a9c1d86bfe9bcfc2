"""The denunciation demo: a year of denunciations of Nghệ An's Department of Justice, the demo
inspector (``demo.thanhtra``) their resolver, in every state of the register."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tuphap.accounts.models import Agency, User
from tuphap.core.demo import Output, step
from tuphap.oversight.complaints.demo import DEMO_INSPECTOR, demo_places
from tuphap.oversight.denunciations import generate
from tuphap.oversight.denunciations.models import Denunciation

DENUNCIATIONS = 40


@step(60)
def denunciations(output: Output, show_progress: bool) -> None:
    if Denunciation.objects.exists():
        return
    inspector = User.objects.filter(username=DEMO_INSPECTOR).select_related("agency").first()
    if inspector is None or inspector.agency is None:
        output.write("  no demo inspector: denunciations skipped")
        return
    places = demo_places(inspector)
    if not places:
        return
    today = timezone.localdate()
    result = generate.generate(
        actor=inspector,
        places=places,
        count=DENUNCIATIONS,
        seed=42,
        first_day=today - datetime.timedelta(days=365),
        last_day=today,
        transfer_to=Agency.objects.filter(code="STP-42").first(),
    )
    output.write(f"  {result.denunciations} denunciations")
