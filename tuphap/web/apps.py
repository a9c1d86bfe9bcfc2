from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "tuphap.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        from tuphap.accounts.roles import Role
        from tuphap.core import dashboard, navigation
        from tuphap.web import bottlenecks

        dashboard.add_card(
            dashboard.Card("bottlenecks", "web/_bottlenecks_card.html", bottlenecks.home_card, 5)
        )

        # Across every register: statistics officers, leaders and auditors read it first, but
        # any user sees the bottlenecks of what they can see.
        navigation.add_link("statistics", navigation.Link(_("Bottlenecks"), "web:bottlenecks"))
        readers = frozenset(
            {
                Role.CIVIL_STATUS_OFFICER,
                Role.ENFORCEMENT_OFFICER,
                Role.ENFORCEMENT_HEAD,
                Role.LEGAL_AID_OFFICER,
                Role.INSPECTOR,
                Role.PROVINCIAL_SPECIALIST,
                Role.MINISTRY_SPECIALIST,
                Role.LEADER,
                Role.AUDITOR,
                Role.ADMINISTRATOR,
            }
        )
        navigation.add_link(
            "statistics",
            navigation.Link(_("A person across the registers"), "web:person", readers),
        )
        navigation.add_link(
            "administration",
            navigation.Link(_("System status"), "web:operations", frozenset({"administrator"})),
        )
