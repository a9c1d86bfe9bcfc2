from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalAidConfig(AppConfig):
    name = "tuphap.legal_aid"
    label = "legal_aid"
    verbose_name = _("Legal aid")

    def ready(self) -> None:
        from tuphap.accounts.roles import Role
        from tuphap.casework import registry
        from tuphap.core import dashboard, navigation
        from tuphap.core.navigation import Link
        from tuphap.legal_aid import home
        from tuphap.legal_aid.cases import workflow

        registry.register(workflow.SPEC)
        from tuphap.core import people as core_people
        from tuphap.legal_aid import people, reactions

        core_people.on_death("legal_aid", reactions.person_died)
        core_people.add_provider(
            core_people.Provider("legal_aid", _("Legal aid"), people.may_read, people.facts, 30)
        )
        dashboard.add_card(
            dashboard.Card("legal_aid_work", "legal_aid/_home_card.html", home.my_work, 25)
        )
        officer = frozenset({Role.LEGAL_AID_OFFICER})
        readers = officer | {
            Role.PROVINCIAL_SPECIALIST,
            Role.MINISTRY_SPECIALIST,
            Role.LEADER,
            Role.AUDITOR,
        }
        for label, url_name, roles in (
            (_("Legal aid workqueue"), "legal_aid:workqueue", officer),
            (_("Legal aid cases"), "legal_aid:case_list", readers),
            (_("Legal aid dashboard"), "legal_aid:dashboard", readers),
            (_("New request"), "legal_aid:request_new", officer),
            (_("Record a procedural body's notice"), "legal_aid:notice_new", officer),
            (_("Procedural bodies' notices"), "legal_aid:notice_list", readers),
            (_("Performers"), "legal_aid:roster", readers),
            (_("Import cases"), "legal_aid:import", officer),
        ):
            navigation.add_link("legal_aid", Link(label, url_name, roles))
