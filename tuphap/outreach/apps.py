from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "tuphap.outreach"
    label = "outreach"
    verbose_name = _("Dissemination and mediation")

    def ready(self) -> None:
        from tuphap.accounts.roles import Role
        from tuphap.casework import registry
        from tuphap.core import dashboard, navigation
        from tuphap.core.navigation import Link
        from tuphap.outreach import home
        from tuphap.outreach.mediation import workflow

        registry.register(workflow.SPEC)
        dashboard.add_card(
            dashboard.Card("outreach_work", "outreach/_home_card.html", home.my_work, 27)
        )
        officer = frozenset({Role.OUTREACH_OFFICER})
        readers = officer | {
            Role.PROVINCIAL_SPECIALIST,
            Role.MINISTRY_SPECIALIST,
            Role.LEADER,
            Role.AUDITOR,
        }
        for label, url_name, roles in (
            (_("Mediation workqueue"), "outreach:workqueue", officer),
            (_("Mediation book"), "outreach:book", readers),
            (_("Mediation teams"), "outreach:team_list", readers),
            (_("Dissemination sessions"), "outreach:session_list", readers),
            (_("Record a dissemination session"), "outreach:session_new", officer),
            (_("Import dissemination sessions"), "outreach:session_import", officer),
            (_("Reporters, propagandists, mediators"), "outreach:roster", readers),
            (_("Dissemination and mediation dashboard"), "outreach:dashboard", readers),
        ):
            navigation.add_link("outreach", Link(label, url_name, roles))
