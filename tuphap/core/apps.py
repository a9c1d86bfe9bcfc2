from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _purge_idempotent_requests(run: Any) -> Mapping[str, Any]:
    from tuphap.core import retention

    return {"deleted": retention.idempotent_requests_purge(actor=None, now=run.started_at)}


class CoreConfig(AppConfig):
    name = "tuphap.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from tuphap.core import jobs

        jobs.register(
            jobs.Job(
                "core.idempotent_requests_purge",
                _purge_idempotent_requests,
                datetime.timedelta(hours=1),
                _("Delete the stored answers of API writes past the 24-hour retry window."),
                lease=datetime.timedelta(minutes=15),
            )
        )
