from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "tuphap.legislation"
    label = "legislation"
    verbose_name = _("Legislation")

    def ready(self) -> None:
        from tuphap.legislation import programme_apps
        from tuphap.web import navigation

        programme_apps.ready()

        navigation.add_link(
            "legislation", navigation.Link(_("Legal documents"), "legislation:list")
        )
        navigation.add_link(
            "legislation",
            navigation.Link(_("Overdue detailing documents"), "legislation:overdue"),
        )
        navigation.add_link(
            "legislation",
            navigation.Link(_("Proposed obligations"), "legislation:proposals"),
        )
