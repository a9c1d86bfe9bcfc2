from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "tuphap.places"
    label = "places"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        from tuphap.core import navigation

        navigation.add_link("statistics", navigation.Link(_("Administrative units"), "places:list"))
