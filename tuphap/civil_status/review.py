"""Civil status's section of the annual review (``statistics.review``, ADR 0018)."""

from __future__ import annotations

from tuphap.core.periods import Period
from tuphap.places.models import AdministrativeUnit
from tuphap.statistics.review import (
    DrillParams,
    Section,
    Sentence,
    add_drilldown,
    add_section,
    window_params,
)

add_section(
    Section(
        "civil_status",
        "Công tác hộ tịch",
        "Civil status",
        (
            "hotich.birth.registered",
            "hotich.birth.on_time_rate",
            "hotich.death.registered",
            "hotich.marriage.registered",
            "hotich.pin.issued_within_1_day_rate",
        ),
        (
            Sentence(
                "Đã đăng ký khai sinh cho {value:hotich.birth.registered} trường hợp"
                " ({change:hotich.birth.registered} so với năm {previous_year}), tỷ lệ đăng ký"
                " đúng hạn đạt {value:hotich.birth.on_time_rate}; đăng ký khai tử"
                " {value:hotich.death.registered} trường hợp; đăng ký kết hôn"
                " {value:hotich.marriage.registered} trường hợp.",
                "{value:hotich.birth.registered} births were registered"
                " ({change:hotich.birth.registered} on {previous_year}),"
                " {value:hotich.birth.on_time_rate} on time; {value:hotich.death.registered}"
                " deaths and {value:hotich.marriage.registered} marriages.",
            ),
            Sentence(
                "Tỷ lệ số định danh cá nhân được cấp trong vòng 01 ngày khi đăng ký khai sinh đạt"
                " {value:hotich.pin.issued_within_1_day_rate}.",
                "{value:hotich.pin.issued_within_1_day_rate} of the personal identification"
                " numbers were issued within one day of the birth registration.",
            ),
        ),
        order=50,
    )
)


def _figure(name: str) -> DrillParams:
    """The registrations that make figure ``name`` (``registration.indicators.COUNTS``)."""

    def params(
        period: Period, place: AdministrativeUnit | None, agency: int | None
    ) -> dict[str, str]:
        return {"figure": name, **window_params(period, place, agency)}

    return params


# The counts list their registrations on the register's list of registrations (the day's
# list, given a window); the rates have none.
for _name in ("birth.registered", "death.registered", "marriage.registered"):
    add_drilldown(f"hotich.{_name}", "civil_status:today", _figure(_name))
