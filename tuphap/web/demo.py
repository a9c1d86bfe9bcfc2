"""Demo: the term 2021–2023 replayed at a thousandth of the sector's published volume
(``generate_sector --scale 0.001``, ``tuphap.web.sector``), so that the annual review of 2023
reads like the ministry's own, scaled: 575 enforcement cases done in THADS2023 for 89.4 billion
đồng, 1,465 dissemination sessions since the term began, the ministry's 53 inspections. The
demo's own records are of 2025 and 2026, so the replayed figures stay exact."""

from __future__ import annotations

from decimal import Decimal

from tuphap.core import context
from tuphap.core.demo import Output, step

SEED = 7
SCALE = Decimal("0.001")


@step(88)
def sector_replay(output: Output, show_progress: bool) -> None:
    from tuphap.web import sector

    if sector.already_built(SEED):
        return
    calibration = sector.calibrate(2023, SCALE)
    with context.channel("command"):
        built = sector.build(calibration, seed=SEED, tick=lambda _count: None)
        sector.refresh()
    checked = sector.check(calibration)
    equal = sum(item.ok for item in checked)
    output.write(
        f"  the 2023 review replayed at {SCALE}: {built.cases} enforcement cases,"
        f" {built.sessions} sessions, {built.documents} documents, {built.inspections}"
        f" inspections; {equal} of {len(checked)} published figures as calibrated"
    )
