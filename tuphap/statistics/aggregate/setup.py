"""Wiring of the aggregate forms into the statistics app (called from ``apps.ready``): the
indicator provider, its cache invalidation on admin changes, the menu and the home card."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.roles import Role
from tuphap.core import dashboard, navigation
from tuphap.statistics.aggregate import facts, home, permissions, selectors
from tuphap.statistics.aggregate.models import (
    CategoryCombo,
    CategoryOption,
    DataElement,
    DataSet,
    ValidationRule,
)
from tuphap.statistics.registry import registry


def _invalidate(**_kwargs: Any) -> None:
    facts.provider.invalidate()
    selectors.cache.clear()


def ready() -> None:
    registry.add_provider(facts.provider)
    for model in (DataSet, DataElement, CategoryCombo, CategoryOption, ValidationRule):
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"aggregate-{model.__name__}")
        post_delete.connect(
            _invalidate, sender=model, dispatch_uid=f"aggregate-del-{model.__name__}"
        )
    users = frozenset(permissions.READER_ROLES | permissions.COMMUNE_ENTRY_ROLES)
    navigation.add_link("statistics", navigation.Link(_("Report forms"), "statistics:forms", users))
    readers = frozenset(permissions.READER_ROLES - {Role.CIVIL_STATUS_OFFICER})
    navigation.add_link(
        "statistics",
        navigation.Link(_("Reporting completeness"), "statistics:forms_completeness", readers),
    )
    dashboard.add_card(
        dashboard.Card("aggregate_forms", "statistics/aggregate_home_card.html", home.card, 30)
    )
