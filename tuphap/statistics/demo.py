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
