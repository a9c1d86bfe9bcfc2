from __future__ import annotations

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "tuphap.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from tuphap.core import navigation
        from tuphap.statistics import builtin

        builtin.register()
        # Each app's indicators.py registers its indicators (the protocol's own module too).
        autodiscover_modules("indicators")
        navigation.add_link("statistics", navigation.Link(_("Reports"), "statistics:report"))
        navigation.add_link(
            "statistics", navigation.Link(_("Issued reports"), "statistics:versions")
        )
