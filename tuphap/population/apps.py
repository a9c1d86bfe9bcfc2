from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _relay_batch(run: Any) -> dict[str, int]:
    """Send what is due now; ``run.stop`` (the job's budget, the worker stopping) hands back
    the rest of the batch."""
    from tuphap.population import relay

    return relay.run(relay.RelayConfig.from_settings(), once=True, stop=run.stop).as_dict()


def _reconcile_yesterday(run: Any) -> dict[str, Any]:
    """Compare yesterday's messages with the population database; the counts are the result."""
    from django.conf import settings
    from django.utils import timezone

    from tuphap.population import reconcile
    from tuphap.population.client import Client

    day = timezone.localdate(run.started_at) - datetime.timedelta(days=1)
    client = Client(settings.POPULATION_DB_URL, timeout=settings.POPULATION_DB_TIMEOUT_SECONDS)
    try:
        differences = reconcile.compare(day=day, client=client)
    finally:
        client.close()
    kinds = Counter(difference.kind for difference in differences)
    return {"day": day.isoformat(), "differences": len(differences), **kinds}


class PopulationConfig(AppConfig):
    name = "tuphap.population"
    label = "population"
    verbose_name = _("National Population Database gateway")

    def ready(self) -> None:
        from tuphap.core import jobs, navigation
        from tuphap.population.permissions import QUEUE_ROLES

        navigation.add_link(
            "civil_status",
            navigation.Link(
                _("Population database reconciliation"),
                "population:reconciliation",
                frozenset(str(role) for role in QUEUE_ROLES),
            ),
        )
        minutes = datetime.timedelta(minutes=1)
        jobs.register(
            jobs.Job(
                "population.relay",
                _relay_batch,
                datetime.timedelta(seconds=5),
                _("Send the due outbox messages to the population database."),
                lease=5 * minutes,
                budget=2 * minutes,
            )
        )
        jobs.register(
            jobs.Job(
                "population.reconcile",
                _reconcile_yesterday,
                datetime.timedelta(hours=24),
                _("Compare yesterday's messages with what the population database holds."),
                lease=30 * minutes,
            )
        )
