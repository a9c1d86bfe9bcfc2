from __future__ import annotations

import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "tuphap.casework"
    label = "casework"
    verbose_name = _("Case engine")

    def ready(self) -> None:
        from tuphap.core import jobs, navigation

        # "My work" spans every register; it sits under Enforcement, the first register built
        # on the engine, until the shell has a cross-area place for it.
        navigation.add_link("enforcement", navigation.Link(_("My work"), "casework:workqueue"))

        from tuphap.casework import dashboard as casework_dashboard
        from tuphap.core import dashboard

        dashboard.add_card(
            dashboard.Card(
                "my_work", "casework/_dashboard_card.html", casework_dashboard.my_work, 10
            )
        )
        from tuphap.casework import bottlenecks as casework_bottlenecks
        from tuphap.core import bottlenecks

        for key, measure, order in (
            ("casework.overdue", casework_bottlenecks.overdue, 10),
            ("casework.slowest_state", casework_bottlenecks.slowest_state, 20),
            ("casework.backlog", casework_bottlenecks.backlog, 30),
        ):
            bottlenecks.add_source(bottlenecks.Source(key, measure, order))
        from tuphap.casework import tasks

        jobs.register(
            jobs.Job(
                "casework.overdue_poll",
                tasks.overdue_poll_job,
                datetime.timedelta(minutes=5),
                _("Mark the cases past their due time as overdue and notify their assignees."),
                lease=datetime.timedelta(minutes=15),
            )
        )
        from tuphap.casework import snapshots

        jobs.register(
            jobs.Job(
                "casework.wait_snapshots",
                snapshots.refresh_job,
                datetime.timedelta(days=1),
                _(
                    "Build the snapshots of the time in state of today, of the day a year ago"
                    " and of the next for the bottlenecks page, and delete the old ones."
                ),
                lease=datetime.timedelta(hours=1),
            )
        )
