from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "tuphap.legislation"
    label = "legislation"
    verbose_name = _("Legislation")
