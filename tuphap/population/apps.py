from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PopulationConfig(AppConfig):
    name = "tuphap.population"
    label = "population"
    verbose_name = _("National Population Database gateway")
