from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "tuphap.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        from tuphap.core import navigation

        navigation.add_link(
            "administration",
            navigation.Link(_("System status"), "web:operations", frozenset({"administrator"})),
        )
