"""Who sees which figures: jurisdiction applies to reports, persona by persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tuphap.accounts.tests import factories as account_factories
from tuphap.core.errors import AccessDenied
from tuphap.statistics import selectors
from tuphap.statistics.tests.conftest import cover, put

pytestmark = pytest.mark.usefixtures("indicators")


@pytest.fixture
def figures(world: Any) -> Any:
    cover("test.cases.received", "2024-01", "2025-12")
    put("test.cases.received", "2025-03", world.vinh_old, 10)  # before the reorganisation
    put("test.cases.received", "2025-09", world.vinh, 2)
    put("test.cases.received", "2025-09", world.ha_tinh_ward, 5)
    put("test.cases.received", "2025-05", world.ha_tinh, 7)  # a province-level agency's figure
    return world


def _report(user: Any, level: str = "nation", **kwargs: Any) -> tuple[str, list[Any]]:
    query = selectors.report_query_parse(
        indicators="test.cases.received", period="2025", level=level, **kwargs
    )
    report = selectors.report_for_user(user, query)
    return report.level, [(row["place"], row["value"]) for row in report.rows]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("ministry_specialist", ("nation", [(None, 24)])),
        ("leader", ("nation", [(None, 24)])),
        ("auditor", ("nation", [(None, 24)])),
        ("administrator", ("nation", [(None, 24)])),
        # a national report becomes a report on the user's own province …
        ("provincial_specialist", ("province", [("40", 12)])),
        ("statistics_officer", ("province", [("40", 12)])),
        ("auditor_nghe_an", ("province", [("40", 12)])),
        ("provincial_specialist_ha_tinh", ("province", [("42", 12)])),
        # … or own commune, with the figures of its predecessor
        ("civil_status_officer", ("commune", [("16681", 12)])),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_national_report_by_persona(figures: Any, persona: str, expected: Any) -> None:
    assert _report(figures.users[persona]) == expected


@pytest.mark.parametrize(
    ("persona", "level", "expected"),
    [
        ("ministry_specialist", "province", [("40", 12), ("42", 12)]),
        ("provincial_specialist", "province", [("40", 12)]),
        ("provincial_specialist", "commune", [("16681", 12)]),
        ("provincial_specialist_ha_tinh", "commune", [("18070", 5), ("42", 7)]),
        ("civil_status_officer", "province", [("40", 12)]),
    ],
    ids=[
        "national-province",
        "province-province",
        "province-commune",
        "ha-tinh-commune",
        "commune-province",
    ],
)
def test_levels_are_limited_to_the_jurisdiction(
    figures: Any, persona: str, level: str, expected: list[Any]
) -> None:
    assert _report(figures.users[persona], level)[1] == expected


def test_old_boundaries_within_the_jurisdiction(figures: Any) -> None:
    user = figures.users["provincial_specialist"]

    assert _report(user, "province", boundaries="old") == ("province", [("40", 12)])


def test_a_place_outside_the_jurisdiction_is_refused(figures: Any) -> None:
    user = figures.users["provincial_specialist"]

    with (
        translation.override("en"),
        pytest.raises(AccessDenied, match="outside your jurisdiction") as caught,
    ):
        _report(user, "province", place="42")

    assert list(caught.value.fields) == ["place"]


def test_a_place_inside_the_jurisdiction_is_allowed(figures: Any) -> None:
    user = figures.users["provincial_specialist"]

    assert _report(user, "commune", place="40") == ("commune", [("16681", 12)])


def test_a_user_without_an_agency_sees_no_statistics(figures: Any) -> None:
    user = account_factories.user("lac_loai", None)

    with pytest.raises(AccessDenied, match="users of an agency"):
        _report(user)


@pytest.mark.parametrize("level", ["nation", "province", "commune"])
def test_the_number_of_queries_does_not_grow_with_the_places(world: Any, level: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tuphap.places.tests import factories as places

    user = world.users["provincial_specialist"]
    cover("test.cases.received", "2024-01", "2025-12")
    put("test.cases.received", "2025-03", world.vinh_old, 1)
    put("test.cases.received", "2025-09", world.vinh, 1)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _report(user, level)
        return len(queries)

    few = count()
    for number in range(8):
        old = places.commune(f"170{number:02d}", f"Xã cũ {number}", world.nghe_an_old, old=True)
        new = places.commune(f"171{number:02d}", f"Xã mới {number}", world.nghe_an)
        places.succession(old, new)
        put("test.cases.received", "2025-03", old, 1)
        put("test.cases.received", "2025-09", new, 1)

    assert count() == few
