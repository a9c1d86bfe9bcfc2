"""The state compensation demo: a year of claims of Nghệ An's police, the agency responsible,
worked by the demo officer (``demo.boithuong``), so that its workqueue, claim pages, decisions
and figures show real work in every state."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tuphap.accounts.models import User
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.core.demo import Output, step
from tuphap.oversight.compensation import generate
from tuphap.oversight.compensation import workflow as compensation

DEMO_OFFICER = "demo.boithuong"
CLAIMS = 60


@step(62)
def compensation_claims(output: Output, show_progress: bool) -> None:
    if Case.objects.filter(register=compensation.REGISTER).exists():
        return
    officer = User.objects.filter(username=DEMO_OFFICER).select_related("agency").first()
    if officer is None or officer.agency is None:
        return
    today = case_deadlines.local_date(timezone.now())
    world = generate.world_of(officer.agency, officer)
    result = generate.generate(
        count=CLAIMS,
        seed=40,
        first_day=today - datetime.timedelta(days=365),
        last_day=today,
        worlds=[world],
    )
    if result.claims:
        output.write(f"  {result.claims} state compensation claims")
