from __future__ import annotations

import datetime
from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "tuphap.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def import_models(self) -> None:
        super().import_models()
        # The aggregate forms' models (ADR 0015) live in their own package; imported here, not
        # from models.py, so that the package may read the rollup store without a cycle.
        import_module("tuphap.statistics.aggregate.models")

    def ready(self) -> None:
        from tuphap.core import jobs, navigation
        from tuphap.statistics import builtin, tasks
        from tuphap.statistics.aggregate import setup as aggregate_setup

        builtin.register()
        aggregate_setup.ready()
        # Each app's indicators.py registers its indicators (the protocol's own module too).
        autodiscover_modules("indicators")
        from tuphap.core import bottlenecks
        from tuphap.statistics.aggregate import bottlenecks as aggregate_bottlenecks

        bottlenecks.add_source(
            bottlenecks.Source("statistics.forms_missing", aggregate_bottlenecks.forms_missing, 70)
        )
        # Each app's review.py declares its sections of the annual review (ADR 0018).
        autodiscover_modules("review")
        navigation.add_link("statistics", navigation.Link(_("Annual review"), "statistics:review"))
        navigation.add_link("statistics", navigation.Link(_("Targets"), "statistics:targets"))
        navigation.add_link("statistics", navigation.Link(_("Reports"), "statistics:report_pick"))
        navigation.add_link(
            "statistics", navigation.Link(_("Issued reports"), "statistics:versions")
        )
        jobs.register(
            jobs.Job(
                "statistics.rollup_refresh",
                tasks.rollup_refresh_job,
                datetime.timedelta(hours=1),
                _("Recompute the rollups of every indicator for the last twelve months."),
                lease=datetime.timedelta(hours=2),
            )
        )
        jobs.register(
            jobs.Job(
                "statistics.rollup_drain",
                tasks.rollup_drain_job,
                datetime.timedelta(seconds=2),
                _("Recompute the rollup cells the registers marked as changed."),
                lease=datetime.timedelta(minutes=5),
                budget=datetime.timedelta(minutes=2),
            )
        )
