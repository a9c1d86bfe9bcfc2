"""Biểu 01/XLD from the register: letters carried over, received, handled and not yet handled,
eligible letters and matters, by content, within and outside competence, guided, transferred,
urged; a duplicate not counted; receptions by kind. Stored as rollups and reported for a year
with the identities holding."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tuphap.core.periods import parse
from tuphap.oversight.reception import figures, indicators, rules, services
from tuphap.oversight.tests.conftest import D
from tuphap.oversight.tests.test_reception_services import letter_data, reception, sender
from tuphap.statistics import reports
from tuphap.statistics import services as statistics_services
from tuphap.statistics.registry import registry


def _classify(actor: Any, letter: Any, classification: str, competence: str, on: Any) -> Any:
    return services.letter_classify(
        actor=actor,
        letter=letter,
        classification=classification,
        competence=competence,
        field=rules.Field.LAND,
        on=on,
    )


def _world_of_letters(actor: Any) -> None:
    def register(content: str, received_on: Any, who: Any = None, **more: Any) -> Any:
        return services.letter_register(
            actor=actor,
            data=letter_data(content=content, received_on=received_on, senders=(who or sender(),)),
            **more,
        )

    within, outside = rules.Competence.WITHIN, rules.Competence.OUTSIDE
    # Received in December 2025, handled in January 2026: carried over into 2026.
    first = register("Khiếu nại quyết định xử phạt hành chính về hộ tịch", D(2025, 12, 20))
    _classify(actor, first, rules.Classification.COMPLAINT, within, D(2026, 1, 5))
    # Received and handled in 2025: not in 2026.
    old = register("Kiến nghị về lệ phí chứng thực bản sao", D(2025, 11, 1))
    _classify(actor, old, rules.Classification.PETITION, within, D(2025, 11, 5))
    # A denunciation outside competence, transferred, then urged.
    third = register(
        "Tố cáo chủ tịch xã nhận hối lộ khi cấp giấy chứng nhận quyền sử dụng đất",
        D(2026, 3, 2),
        sender("Trần Văn Tố", "040090007777"),
    )
    _classify(actor, third, rules.Classification.DENUNCIATION, outside, D(2026, 3, 3))
    services.letter_transfer(actor=actor, letter=third, to_name="UBND tỉnh", on=D(2026, 3, 5))
    services.letter_urge(actor=actor, letter=third, on=D(2026, 4, 1))
    # The same sender again: a duplicate, recorded, not counted.
    duplicate = register(
        "Tố cáo chủ tịch xã nhận hối lộ khi cấp giấy chứng nhận quyền sử dụng đất",
        D(2026, 3, 10),
        sender("Trần Văn Tố", "040090007777"),
    )
    assert duplicate.duplicate_of == third
    # Another sender, the same matter: a letter, not a new matter; guided (not transferred
    # again: the same content is transferred once).
    fifth = register(
        "Tố cáo chủ tịch xã nhận hối lộ khi cấp giấy chứng nhận quyền sử dụng đất",
        D(2026, 3, 12),
        sender("Lê Thị Năm", "040190008888"),
        same_matter_as=third,
    )
    _classify(actor, fifth, rules.Classification.DENUNCIATION, outside, D(2026, 3, 13))
    services.letter_guide(actor=actor, letter=fifth, to_name="UBND tỉnh", on=D(2026, 3, 13))
    # Not eligible.
    sixth = register("Đơn không ký tên về tranh chấp ranh giới", D(2026, 5, 2))
    services.letter_classify(
        actor=actor,
        letter=sixth,
        classification=rules.Classification.NOT_ELIGIBLE,
        ineligible_reason=rules.IneligibleReason.UNSIGNED,
        on=D(2026, 5, 4),
    )
    # Not yet handled at the year's end.
    register("Kiến nghị kéo dài giờ tiếp nhận hồ sơ một cửa", D(2026, 12, 1))
    # A petition within competence, handled the same day.
    eighth = register("Phản ánh thái độ của công chức tư pháp xã", D(2026, 6, 1))
    _classify(actor, eighth, rules.Classification.PETITION, within, D(2026, 6, 1))
    # Receptions: two in 2026 (one a leader's day with a crowd), one in 2025.
    services.reception_record(actor=actor, data=reception(held_on=D(2026, 3, 15), headcount=6))
    services.reception_record(
        actor=actor,
        data=reception(
            held_on=D(2026, 8, 3), kind=rules.SessionKind.REGULAR, mode=rules.SessionMode.ONLINE
        ),
    )
    services.reception_record(actor=actor, data=reception(held_on=D(2025, 8, 4)))


def test_the_year_in_the_structure_of_biểu_01(inspectorates: Any) -> None:
    _world_of_letters(inspectorates.inspector)
    values = figures.totals(
        figures.compute(figures.load(until=D(2026, 12, 31)), D(2026, 1, 1), D(2026, 12, 31))
    )
    expected = {
        "carried_in": 1,
        "received": 5,
        "total": 6,
        "handled": 5,
        "carried_out": 1,
        "eligible": 4,
        "matters": 3,
        "not_eligible": 1,
        "complaint": 1,
        "denunciation": 2,
        "petition": 1,
        "within": 2,
        "within.complaint": 1,
        "within.petition": 1,
        "outside": 2,
        "guided": 1,
        "transferred": 1,
        "urged": 1,
        "duplicates": 1,
        "field.land": 4,
        "receptions": 2,
        "receptions.leader_periodic": 1,
        "receptions.regular": 1,
        "people": 7,
        "crowds": 1,
        "online": 1,
    }
    assert {name: values[name] for name in expected} == expected
    assert figures.check(values) == []


def test_months_add_up_to_the_year(inspectorates: Any) -> None:
    _world_of_letters(inspectorates.inspector)
    facts = figures.load(until=D(2026, 12, 31))
    year = figures.totals(figures.compute(facts, D(2026, 1, 1), D(2026, 12, 31)))
    months = [
        figures.totals(figures.compute(facts, D(2026, m, 1), D(2026, m, 28))) for m in range(1, 13)
    ]
    for name in ("received", "handled", "eligible", "matters", "transferred", "urged"):
        assert sum(month[name] for month in months) == year[name], name
    for month in months:
        assert figures.check(month) == []


def test_a_broken_identity_is_reported() -> None:
    values = figures.empty()
    values.update(total=3, carried_in=1, received=1, handled=2, not_eligible=2, carried_out=1)
    broken = figures.check(values)
    assert broken == ["total = carried in + received: 3 ≠ 2"]


def test_the_rollups_and_the_report_hold_the_identities(inspectorates: Any) -> None:
    _world_of_letters(inspectorates.inspector)
    codes = [i.code for i in indicators.INDICATORS if i.is_stored]
    statistics_services.rollup_refresh(
        actor=None, indicators=codes, first_month=D(2025, 1, 1), last_month=D(2026, 12, 1)
    )
    letters = tuple(
        f"oversight.letters.{name}"
        for name in (
            "carried_in",
            "received",
            "handled",
            "carried_out",
            "eligible",
            "not_eligible",
            "matters",
            "complaint",
            "denunciation",
            "petition",
            "within",
            "outside",
            "guided",
            "transferred",
            "urged",
        )
    )
    wanted = (*letters, "oversight.receptions", "oversight.receptions.leader_periodic")
    report = reports.build(registry, reports.ReportQuery(indicators=wanted, period=parse("2026")))
    assert report.failures == []
    values = {row["indicator"]: row["value"] for row in report.rows}
    assert values["oversight.letters.carried_in"] == 1
    assert values["oversight.letters.received"] == 5
    assert values["oversight.letters.handled"] == 5
    assert values["oversight.letters.carried_out"] == 1
    assert values["oversight.letters.matters"] == 3
    assert values["oversight.receptions"] == 2
    assert {i.code for i in registry.identities_for(wanted)} >= {
        "oversight.letters.balance",
        "oversight.letters.handled_parts",
        "oversight.letters.by_content",
        "oversight.letters.by_competence",
        "oversight.letters.outside_parts",
    }


def test_the_report_page_counts_only_the_jurisdiction(inspectorates: Any, world: Any) -> None:
    _world_of_letters(inspectorates.inspector)
    services.letter_register(
        actor=inspectorates.inspector_ha_tinh,
        data=letter_data(
            content="Kiến nghị về chứng thực hợp đồng tại phường Thành Sen",
            received_on=D(2026, 4, 1),
        ),
    )
    window = {"start": "2026-01-01", "end": "2026-12-31"}
    counts = {}
    for name, user in (
        ("nghe_an", world.users["provincial_specialist"]),
        ("ha_tinh", world.users["provincial_specialist_ha_tinh"]),
        ("nation", world.users["ministry_specialist"]),
    ):
        client = Client()
        client.force_login(user)
        page = client.get(reverse("oversight:letter_report"), window)
        counts[name] = page.context["report"].values["received"]
        assert page.context["report"].broken == []
    assert counts == {"nghe_an": 5, "ha_tinh": 1, "nation": 6}
