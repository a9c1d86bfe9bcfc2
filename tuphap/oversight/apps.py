from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "tuphap.oversight"
    label = "oversight"
    verbose_name = _("Reception, complaints and inspections")

    def ready(self) -> None:
        pass
