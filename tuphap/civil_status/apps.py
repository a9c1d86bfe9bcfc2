from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivilStatusConfig(AppConfig):
    name = "tuphap.civil_status"
    label = "civil_status"
    verbose_name = _("Civil status")
