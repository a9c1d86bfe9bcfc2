"""The inspections demo: this year's and last year's plans of Nghệ An's Department of Justice
and a year of inspections of every kind worked by the demo inspector (``demo.thanhtra``), so
that its plan page, tracker and figures show real work in every state."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tuphap.accounts.models import User
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.core.demo import Output, step
from tuphap.oversight.inspections import generate
from tuphap.oversight.inspections import workflow as inspections

DEMO_INSPECTOR = "demo.thanhtra"
INSPECTIONS = 16


@step(63)
def inspections_year(output: Output, show_progress: bool) -> None:
    if Case.objects.filter(register=inspections.REGISTER).exists():
        return
    inspector = User.objects.filter(username=DEMO_INSPECTOR).select_related("agency").first()
    if inspector is None or inspector.agency is None:
        return
    today = case_deadlines.local_date(timezone.now())
    result = generate.generate(
        count=INSPECTIONS,
        seed=63,
        actor=inspector,
        first_day=today - datetime.timedelta(days=365),
    )
    if result.inspections:
        output.write(f"  {result.inspections} inspections")
