"""The reception demo: a year of letters and receptions for the demo provinces' Departments of
Justice, the demo inspector (``demo.thanhtra``) receiving Nghệ An's, so that the desk, the
workqueue, the letter pages and Biểu 01/XLD show real work in every handling."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tuphap.accounts.models import Agency, User
from tuphap.core.demo import Output, step
from tuphap.oversight.reception import generate
from tuphap.oversight.reception.models import Letter

DEMO_INSPECTOR = "demo.thanhtra"
LETTERS_PER_DEPARTMENT = 120


@step(58)
def reception_letters(output: Output, show_progress: bool) -> None:
    if Letter.objects.exists():
        return
    today = timezone.localdate()
    inspector = User.objects.filter(username=DEMO_INSPECTOR).select_related("agency").first()
    total = 0
    for code in ("40", "42"):
        agency = Agency.objects.filter(code=f"STP-{code}").first()
        if agency is None:
            continue
        actor = inspector if inspector is not None and inspector.agency_id == agency.pk else None
        receiver = generate.Receiver(agency, actor or generate.inspector_for(agency))
        result = generate.generate(
            count=LETTERS_PER_DEPARTMENT,
            seed=int(code),
            first_day=today - datetime.timedelta(days=365),
            last_day=today,
            receivers=[receiver],
        )
        total += result.letters
    if total:
        output.write(f"  {total} letters")
