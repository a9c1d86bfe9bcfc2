from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from tuphap.statistics.indicators import Aggregation, Identity, Indicator, TimeBehaviour, Unit
from tuphap.statistics.registry import IndicatorRegistry, UnknownIndicator, registry
from tuphap.statistics.tests.conftest import DONE, DONE_RATE, RECEIVED


def _source(start: datetime.date, end: datetime.date) -> list[Any]:
    return []


def _make(code: str = "demo.things.done", **kwargs: Any) -> Indicator:
    values: dict[str, Any] = {
        "code": code,
        "name_vi": "Việc",
        "name_en": "Things",
        "unit": Unit.COUNT,
        "source": _source,
    }
    values.update(kwargs)
    return Indicator(**values)


def test_register_get_and_all_sorted_by_code() -> None:
    given = IndicatorRegistry()
    b, a = _make("demo.b"), _make("demo.a")

    given.register(b)
    given.register(a)

    assert given.get("demo.a") is a
    assert [indicator.code for indicator in given.all()] == ["demo.a", "demo.b"]
    assert "demo.a" in given
    assert "demo.c" not in given


def test_a_duplicate_code_is_refused() -> None:
    given = IndicatorRegistry()
    given.register(_make("demo.a"))

    with pytest.raises(ValueError, match=re.escape("'demo.a' is already registered")):
        given.register(_make("demo.a"))


def test_an_unknown_code_raises_a_validation_error_naming_indicators() -> None:
    with pytest.raises(
        UnknownIndicator, match=re.escape("Unknown indicator 'demo.nope'")
    ) as caught:
        IndicatorRegistry().get("demo.nope")

    assert caught.value.fields == {"indicators": ["Unknown indicator 'demo.nope'."]}
    assert caught.value.status_code == 400


def test_components_expand_ratios_to_their_stored_parts() -> None:
    given = IndicatorRegistry()
    for indicator in (RECEIVED, DONE, DONE_RATE):
        given.register(indicator)

    parts = given.components(["test.cases.done_rate", "test.cases.received"])

    assert [indicator.code for indicator in parts] == ["test.cases.done", "test.cases.received"]


def test_temporary_registration_is_undone() -> None:
    with registry.temporary(_make("demo.temporary")):
        assert "demo.temporary" in registry
    assert "demo.temporary" not in registry


def test_the_builtin_audit_indicator_is_registered_at_start_up() -> None:
    indicator = registry.get("system.audit.actions")

    assert (indicator.unit, indicator.aggregation, indicator.time) == (
        Unit.COUNT,
        Aggregation.SUM,
        TimeBehaviour.FLOW,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "Bad Code"}, "dotted lower-case words"),
        ({"code": "single"}, "dotted lower-case words"),
        ({"source": None}, "needs a source"),
        ({"numerator": "a.b"}, "Only ratio indicators"),
        (
            {"aggregation": Aggregation.RATIO, "unit": Unit.PERCENT, "source": None},
            "needs a numerator and denominator",
        ),
        (
            {
                "aggregation": Aggregation.RATIO,
                "unit": Unit.PERCENT,
                "numerator": "a.b",
                "denominator": "a.c",
            },
            "computed, it has no source",
        ),
        (
            {
                "aggregation": Aggregation.RATIO,
                "unit": Unit.COUNT,
                "source": None,
                "numerator": "a.b",
                "denominator": "a.c",
            },
            "must have unit 'percent'",
        ),
        ({"unit": "litres"}, "'litres' is not a valid Unit"),
    ],
    ids=[
        "spaces",
        "no-dot",
        "stored-without-source",
        "numerator-on-sum",
        "ratio-without-parts",
        "ratio-with-source",
        "ratio-not-percent",
        "unknown-unit",
    ],
)
def test_an_ill_formed_indicator_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _make(**changes)


def test_plain_strings_become_enums() -> None:
    indicator = _make(unit="vnd", aggregation="sum", time="stock_end")

    assert (indicator.unit, indicator.time) == (Unit.VND, TimeBehaviour.STOCK_END)


def test_name_follows_the_active_language() -> None:
    from django.utils import translation

    indicator = _make()
    with translation.override("en"):
        english = indicator.name
    with translation.override("vi"):
        vietnamese = indicator.name

    assert (english, vietnamese) == ("Things", "Việc")


def test_identity_terms_and_text() -> None:
    identity = Identity("demo.balance", "demo.total", ("demo.a", "-demo.b"))

    assert identity.terms == ((1, "demo.a"), (-1, "demo.b"))
    assert identity.codes == ["demo.total", "demo.a", "demo.b"]
    assert str(identity) == "demo.total = demo.a - demo.b"


def test_identities_are_found_by_any_of_their_indicators() -> None:
    given = IndicatorRegistry()
    identity = given.register_identity(Identity("demo.balance", "demo.total", ("demo.a",)))

    assert given.identities_for(["demo.a"]) == [identity]
    assert given.identities_for(["demo.other"]) == []
    with pytest.raises(ValueError, match="already registered"):
        given.register_identity(identity)
    with pytest.raises(ValueError, match="at least one term"):
        Identity("demo.empty", "demo.total", ())
