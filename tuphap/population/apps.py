from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopulationConfig(AppConfig):
    name = "tuphap.population"
    label = "population"
    verbose_name = _("National Population Database gateway")

    def ready(self) -> None:
        from tuphap.core import navigation
        from tuphap.population.permissions import QUEUE_ROLES

        navigation.add_link(
            "civil_status",
            navigation.Link(
                _("Population database reconciliation"),
                "population:reconciliation",
                frozenset(str(role) for role in QUEUE_ROLES),
            ),
        )
