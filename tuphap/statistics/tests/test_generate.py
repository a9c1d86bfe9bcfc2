from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from tuphap.core.models import AuditEvent
from tuphap.places.models import AdministrativeUnit, Level
from tuphap.statistics import selectors
from tuphap.statistics.models import Rollup, RollupCoverage

pytestmark = pytest.mark.usefixtures("indicators")


def _generate(*extra: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "generate_rollups",
        "--communes=170",
        "--years=1",
        "--seed=3",
        "--until=2024-12",
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue() + err.getvalue()


def test_generate_uses_loaded_communes_then_synthetic_ones(world: Any) -> None:
    # 170 communes × 12 months = 2,040 rows: past the COPY threshold on PostgreSQL
    printed = _generate("--indicators=test.cases.received,test.money.collected")

    assert printed == (
        "Wrote 4080 rows: 2 indicator(s) × 170 communes (202 places created) × months "
        "2024-01..2024-12.\n"
    )
    places = set(Rollup.objects.values_list("place_id", flat=True))
    assert {world.vinh.pk, world.ha_tinh_ward.pk} <= places
    assert len(places) == 170
    synthetic = AdministrativeUnit.objects.filter(code__startswith="SYN")
    assert synthetic.filter(level=Level.PROVINCE).count() == 34
    assert synthetic.filter(level=Level.COMMUNE).count() == 168
    assert set(
        RollupCoverage.objects.filter(indicator="test.cases.received").values_list(
            "month", "rows", "synthetic"
        )
    ) == {(datetime.date(2024, month, 1), 170, True) for month in range(1, 13)}
    money = Rollup.objects.filter(indicator="test.money.collected").values_list("value", flat=True)
    assert all(value % 1_000_000 == 0 for value in money)
    assert AuditEvent.objects.filter(action="statistics.rollups.generated").count() == 1


def test_generate_is_reproducible_and_replaces_its_months(world: Any) -> None:
    _generate("--indicators=test.cases.received")
    first = list(Rollup.objects.order_by("month", "place_id").values_list("place_id", "value"))

    printed = _generate("--indicators=test.cases.received")

    assert "(0 places created)" in printed
    assert list(Rollup.objects.order_by("month", "place_id").values_list("place_id", "value")) == (
        first
    )


def test_generated_rows_feed_the_report(world: Any) -> None:
    _generate("--indicators=test.cases.received")
    total = Rollup.objects.aggregate(total=Sum("value"))["total"]

    query = selectors.report_query_parse(indicators="test.cases.received", period="2024")
    nation = selectors.report_national(query).rows
    query = selectors.report_query_parse(
        indicators="test.cases.received", period="2024", level="province"
    )
    provinces = selectors.report_national(query).rows

    assert nation[0]["value"] == total
    assert len(provinces) == 36  # the 34 synthetic provinces, Nghệ An and Hà Tĩnh
    assert sum(row["value"] for row in provinces) == total


def test_generate_warns_about_unregistered_codes(world: Any) -> None:
    printed = _generate("--indicators=bench.things.counted")

    assert printed.startswith("Wrote 2040 rows")
    assert "Not registered (reports will refuse them until an app declares them): " in printed


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--indicators=test.cases.done_rate"],
            "--indicators: test.cases.done_rate is computed from other indicators",
        ),
        (["--until=2024-00"], "--until: '2024-00' is not a month"),
    ],
    ids=["ratio", "bad-until"],
)
def test_generate_bad_input_names_the_option(
    world: Any, arguments: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("generate_rollups", *arguments, stdout=io.StringIO())
