from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "tuphap.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        from tuphap.core import dashboard, navigation
        from tuphap.web import bottlenecks

        dashboard.add_card(
            dashboard.Card("bottlenecks", "web/_bottlenecks_card.html", bottlenecks.home_card, 5)
        )

        # Across every register: statistics officers, leaders and auditors read it first, but
        # any user sees the bottlenecks of what they can see.
        navigation.add_link("statistics", navigation.Link(_("Bottlenecks"), "web:bottlenecks"))
        navigation.add_link(
            "administration",
            navigation.Link(_("System status"), "web:operations", frozenset({"administrator"})),
        )
