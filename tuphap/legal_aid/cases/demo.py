"""The legal aid demo: a year of requests, notices and cases for the demo provinces' centres,
the demo officer (``demo.trogiup``) working the first one, so that its workqueue, case pages,
roster and figures show real work in every state."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tuphap.accounts.models import Agency, User
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework.models import Case
from tuphap.core.demo import Output, step
from tuphap.legal_aid.cases import generate
from tuphap.legal_aid.cases import workflow as legal_aid
from tuphap.legal_aid.providers.models import Performer, PerformerKind

DEMO_OFFICER = "demo.trogiup"
CASES_PER_CENTRE = 60


@step(55)
def legal_aid_cases(output: Output, show_progress: bool) -> None:
    if Case.objects.filter(register=legal_aid.REGISTER).exists():
        return
    today = case_deadlines.local_date(timezone.now())
    officer = User.objects.filter(username=DEMO_OFFICER).select_related("agency").first()
    total = 0
    for code in ("40", "42"):
        centre = Agency.objects.filter(code=f"TGPL-{code}").first()
        if centre is None:
            continue
        actor = officer if officer is not None and officer.agency_id == centre.pk else None
        world = generate.world_of(centre, actor or generate.officer_for(centre))
        if code == "40":
            _expiring(centre, today)
        result = generate.generate(
            [world],
            cases=CASES_PER_CENTRE,
            seed=int(code),
            first_day=today - datetime.timedelta(days=365),
            last_day=today,
        )
        total += result.cases
    if total:
        output.write(f"  {total} legal aid cases")


def _expiring(centre: Agency, today: datetime.date) -> None:
    """A contract that ends within the month and one that has ended: the roster's warnings."""
    Performer.objects.get_or_create(
        kind=PerformerKind.CONTRACT_LAWYER,
        document_number=f"HD-{centre.code}-HETHAN",
        defaults={
            "full_name": "Luật sư Đinh Văn Sắp Hết Hạn",
            "centre": centre,
            "valid_from": today - datetime.timedelta(days=700),
            "valid_to": today + datetime.timedelta(days=20),
        },
    )
    Performer.objects.get_or_create(
        kind=PerformerKind.COLLABORATOR,
        document_number=f"CTV-{centre.code}-DAHET",
        defaults={
            "full_name": "Cộng tác viên Mai Thị Đã Hết Hạn",
            "centre": centre,
            "valid_from": today - datetime.timedelta(days=900),
            "valid_to": today - datetime.timedelta(days=10),
        },
    )
