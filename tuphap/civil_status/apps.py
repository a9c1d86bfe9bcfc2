from __future__ import annotations

import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivilStatusConfig(AppConfig):
    name = "tuphap.civil_status"
    label = "civil_status"
    verbose_name = _("Civil status")

    def ready(self) -> None:
        from tuphap.accounts.roles import Role
        from tuphap.casework import registry
        from tuphap.civil_status import dashboard as civil_status_dashboard
        from tuphap.civil_status import handlers
        from tuphap.civil_status import jobs as civil_status_jobs
        from tuphap.civil_status.applications import workflow
        from tuphap.civil_status.registration import lookup
        from tuphap.core import dashboard as core_dashboard
        from tuphap.core import jobs, navigation, persons
        from tuphap.core.navigation import Link
        from tuphap.population import handlers as population_handlers

        population_handlers.register("birth", handlers.birth_answered)
        registry.register(workflow.SPEC)
        core_dashboard.add_card(
            core_dashboard.Card(
                "civil_status_population",
                "civil_status/_population_card.html",
                civil_status_dashboard.population_reconciliation,
                30,
            )
        )
        persons.add_lookup(lookup.person_by_pin)
        from tuphap.civil_status import people
        from tuphap.core import people as core_people

        core_people.add_provider(
            core_people.Provider(
                "civil_status", _("Civil status"), people.may_read, people.facts, 10
            )
        )
        jobs.register(
            jobs.Job(
                "civil_status.register_books_close",
                civil_status_jobs.close_past_books,
                datetime.timedelta(days=1),
                _("Close the register books of past years (TT 04/2020 Art. 37)."),
                lease=datetime.timedelta(hours=1),
            )
        )
        officer = frozenset({Role.CIVIL_STATUS_OFFICER})
        readers = officer | {Role.PROVINCIAL_SPECIALIST, Role.MINISTRY_SPECIALIST}
        for label, url_name, roles in (
            (_("Today's registrations"), "civil_status:today", officer),
            (_("Applications"), "civil_status:application_list", readers),
            (_("New application"), "civil_status:application_new", officer),
            (_("Register a birth"), "civil_status:birth_new", officer),
            (_("Register a death"), "civil_status:death_new", officer),
            (_("Register a marriage"), "civil_status:marriage_new", officer),
            (_("Register a guardianship"), "civil_status:guardianship_new", officer),
            (_("Search persons"), "civil_status:search", readers),
            (_("Numbers pending"), "civil_status:pins_pending", readers),
            (_("Register books"), "civil_status:book_list", readers),
            (_("Copy of an extract"), "civil_status:copy_lookup", officer),
        ):
            navigation.add_link("civil_status", Link(label, url_name, roles))
