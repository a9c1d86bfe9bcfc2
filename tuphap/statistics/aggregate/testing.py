"""Helpers for the aggregate forms' tests and benchmark: a small data set and the people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tuphap.accounts.models import Agency, AgencyKind, User
from tuphap.accounts.roles import Role
from tuphap.statistics.aggregate.models import (
    CategoryCombo,
    CategoryOption,
    DataElement,
    DataSet,
    ValidationRule,
)


def sample_data_set(code: str = "sample", *, period_type: str = "half") -> DataSet:
    """A commune form: cases carried in, received by sex, done, carried forward; the flow
    identity, done ≤ carried in + received, and a 50 % jump warning on received."""
    sex, _ = CategoryCombo.objects.get_or_create(code="sex", defaults={"name": "Theo giới tính"})
    CategoryOption.objects.get_or_create(
        combo=sex, code="male", defaults={"name": "Nam", "order": 0}
    )
    CategoryOption.objects.get_or_create(
        combo=sex, code="female", defaults={"name": "Nữ", "order": 1}
    )
    data_set = DataSet.objects.create(
        code=code,
        name="Biểu mẫu thử",
        period_type=period_type,
        deadline_days=10,
        reporting_level="commune",
        reporter_kind=AgencyKind.COMMUNE_COMMITTEE,
    )
    for order, (element, name, combo, time) in enumerate(
        [
            ("carried_in", "Kỳ trước chuyển sang", None, "opening"),
            ("received", "Mới tiếp nhận", sex, "flow"),
            ("done", "Đã giải quyết", None, "flow"),
            ("carried_forward", "Chuyển kỳ sau", None, "stock"),
        ]
    ):
        DataElement.objects.create(
            data_set=data_set, code=element, name=name, combo=combo, time=time, order=order
        )
    ValidationRule.objects.create(
        data_set=data_set,
        code="flow",
        kind="equal",
        left="carried_in + received",
        right="done + carried_forward",
        message="Chuyển sang + tiếp nhận = giải quyết + chuyển kỳ sau",
    )
    ValidationRule.objects.create(
        data_set=data_set,
        code="done_le",
        kind="at_most",
        left="done",
        right="carried_in + received",
        message="Đã giải quyết không vượt quá tổng số phải giải quyết",
    )
    ValidationRule.objects.create(
        data_set=data_set,
        code="received_jump",
        kind="jump",
        left="received",
        threshold=50,
        message="Số mới tiếp nhận thay đổi nhiều",
    )
    return data_set


@dataclass
class People:
    officer: User  # the commune's statistics officer
    approver: User  # the province's report approver
    ministry: User  # the ministry's statistics officer
    other_approver: User  # Hà Tĩnh's approver


def people(world: Any) -> People:
    from tuphap.accounts.tests import factories

    ministry_unit: Agency = world.ministry
    return People(
        officer=factories.user("thongke_xa", world.commune_vinh, Role.STATISTICS_OFFICER),
        approver=factories.user("pheduyet_nghean", world.doj_nghe_an, Role.REPORT_APPROVER),
        ministry=factories.user("thongke_bo", ministry_unit, Role.STATISTICS_OFFICER),
        other_approver=factories.user("pheduyet_hatinh", world.doj_ha_tinh, Role.REPORT_APPROVER),
    )


GOOD = {
    "carried_in": 2,
    "received.male": 5,
    "received.female": 3,
    "done": 7,
    "carried_forward": 3,
}


def historic_batch(world: Any) -> Any:
    """A submitted upload of historic figures (one figure of Nghệ An, 2024), by a ministry
    statistics officer made for it: the access table's object (ADR 0016)."""
    import datetime

    from tuphap.accounts.tests import factories
    from tuphap.statistics.aggregate import historic

    uploader = factories.user("thongke_bo_lichsu", world.ministry, Role.STATISTICS_OFFICER)
    december, january = datetime.date(2024, 12, 1), datetime.date(2024, 1, 1)
    figure = historic.ParsedFigure(
        indicator="hotich.birth.male",
        period="2024",
        month=december,
        first_month=january,
        last_month=december,
        place_id=world.nghe_an_old.pk,
        province_id=world.nghe_an_old.pk,
        agency_id=None,
        value=10,
    )
    return historic.batch_upload(actor=uploader, title="Số liệu 2024", figures=[figure])
