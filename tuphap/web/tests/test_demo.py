from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from tuphap.accounts.models import Agency, User
from tuphap.accounts.roles import Role
from tuphap.core.models import AuditEvent
from tuphap.places.models import AdministrativeUnit


def test_load_demo_loads_places_agencies_and_one_user_per_role_and_is_idempotent(db: Any) -> None:
    first = io.StringIO()
    call_command("load_demo", "--no-progress", stdout=first)
    counts = (AdministrativeUnit.objects.count(), Agency.objects.count(), User.objects.count())
    last_audit_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    second = io.StringIO()
    call_command("load_demo", "--no-progress", stdout=second)

    assert counts[0] == 63 + 696 + 10_035 + 34 + 3_321
    assert (
        AdministrativeUnit.objects.count(),
        Agency.objects.count(),
        User.objects.count(),
    ) == counts
    roles = {
        role
        for user in User.objects.filter(username__startswith="demo.")
        for role in user.role_set()
    }
    assert roles == set(Role.values)  # a demo persona for every role
    assert "tuphap-demo-2026" in second.getvalue()
    assert "demo.hotich" in second.getvalue()
    # The second run changes nothing, so it writes no audit row except the rollup refresh.
    assert (
        not AuditEvent.objects.filter(id__gt=last_audit_id)
        .exclude(action__startswith="statistics.")
        .exists()
    )
