"""Demo: compute the rollups of every registered indicator for the last two years, so that the
report page has figures as soon as the demo starts."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.utils import timezone

from tuphap.core.demo import Output, step
from tuphap.statistics.aggregate import demo as aggregate_demo


@step(85)
def report_forms(output: Output, show_progress: bool) -> None:
    """The shipped report forms, filled in by the demo agencies (statistics.aggregate)."""
    aggregate_demo.load(output)


@step(90)
def rollups(output: Output, show_progress: bool) -> None:
    today = timezone.localdate()
    buffer = io.StringIO()
    call_command(
        "refresh_rollups", first=f"{today.year - 1}-01", last=f"{today:%Y-%m}", stdout=buffer
    )
    output.write(f"  rollups refreshed from {today.year - 1}-01 to {today:%Y-%m}")


@step(86)
def targets(output: Output, show_progress: bool) -> None:
    """The ministry's enforcement targets of this enforcement year, for the nation and Nghệ An,
    so that the annual review shows progress against them."""
    from tuphap.accounts.models import User
    from tuphap.places.models import AdministrativeUnit, Level
    from tuphap.statistics import targets as statistics_targets

    ministry = User.objects.filter(username="demo.bo").first()
    if ministry is None:
        return
    year = timezone.localdate().year
    nghe_an = AdministrativeUnit.objects.filter(
        code="40", level=Level.PROVINCE, valid_to__isnull=True
    ).first()
    basis = "Quyết định giao chỉ tiêu thi hành án dân sự (dữ liệu mẫu)"
    for place in (None, nghe_an):
        for code, value in (("thads.cases.rate", 84), ("thads.money.rate", 48)):
            statistics_targets.target_set(
                actor=ministry,
                indicator=code,
                period=f"THADS{year}",
                place=place,
                value=value - (2 if place else 0),
                basis=basis,
            )
    output.write(f"  enforcement targets of THADS{year} for the nation and Nghệ An")
