"""The complaint demo: a year of complaints of Nghệ An's Department of Justice, received and
resolved by the demo inspector (``demo.thanhtra``), in every state of the register."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import User
from tuphap.core.demo import Output, step
from tuphap.oversight.complaints import generate
from tuphap.oversight.complaints.models import Complaint
from tuphap.places.models import AdministrativeUnit

DEMO_INSPECTOR = "demo.thanhtra"
COMPLAINTS = 80


def demo_places(inspector: User) -> list[AdministrativeUnit]:
    today = timezone.localdate()
    places = [p for p in jurisdiction.communes_for(inspector)[:40] if p.is_valid_on(today)]
    return places[:12]


@step(59)
def complaints(output: Output, show_progress: bool) -> None:
    if Complaint.objects.exists():
        return
    inspector = User.objects.filter(username=DEMO_INSPECTOR).select_related("agency").first()
    if inspector is None or inspector.agency is None:
        output.write("  no demo inspector: complaints skipped")
        return
    places = demo_places(inspector)
    if not places:
        return
    today = timezone.localdate()
    result = generate.generate(
        actor=inspector,
        places=places,
        count=COMPLAINTS,
        seed=40,
        first_day=today - datetime.timedelta(days=365),
        last_day=today,
    )
    output.write(f"  {result.complaints} complaints")
