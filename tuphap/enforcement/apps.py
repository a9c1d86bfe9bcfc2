from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "tuphap.enforcement"
    label = "enforcement"
    verbose_name = _("Civil judgment enforcement")
