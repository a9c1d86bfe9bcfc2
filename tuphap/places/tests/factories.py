from __future__ import annotations

import datetime
from typing import Any

import factory

from tuphap.core.text import fold
from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level, UnitSuccession

OLD_END = REORGANISATION_DATE - datetime.timedelta(days=1)


class AdministrativeUnitFactory(factory.django.DjangoModelFactory[AdministrativeUnit]):
    class Meta:
        model = AdministrativeUnit
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    name_folded = factory.LazyAttribute(lambda unit: fold(unit.name))
    level = Level.COMMUNE
    unit_type = "Xã"
    valid_from = REORGANISATION_DATE
    valid_to = None

    @factory.post_generation
    def _province(obj: AdministrativeUnit, create: bool, extracted: Any, **kwargs: Any) -> None:
        # A province is its own province; a lower unit takes its parent's.
        if obj.province_id is None:
            if obj.level == Level.PROVINCE:
                obj.province = obj
            elif obj.parent is not None:
                obj.province_id = obj.parent.province_id or obj.parent.pk
            if create:
                obj.save(update_fields=["province"])


def province(code: str, name: str, *, old: bool = False) -> AdministrativeUnit:
    return AdministrativeUnitFactory(
        code=code,
        name=name,
        level=Level.PROVINCE,
        unit_type="Tỉnh",
        valid_from=None if old else REORGANISATION_DATE,
        valid_to=OLD_END if old else None,
    )


def commune(
    code: str, name: str, parent: AdministrativeUnit, *, old: bool = False
) -> AdministrativeUnit:
    return AdministrativeUnitFactory(
        code=code,
        name=name,
        level=Level.COMMUNE,
        parent=parent,
        unit_type=name.split(" ")[0],
        valid_from=None if old else REORGANISATION_DATE,
        valid_to=OLD_END if old else None,
    )


def succession(
    old: AdministrativeUnit, new: AdministrativeUnit, kind: str = "whole"
) -> UnitSuccession:
    return UnitSuccession.objects.create(
        predecessor=old, successor=new, kind=kind, effective_date=REORGANISATION_DATE
    )
