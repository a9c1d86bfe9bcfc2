from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "tuphap.legislation"
    label = "legislation"
    verbose_name = _("Legislation")

    def ready(self) -> None:
        from tuphap.accounts.roles import Role
        from tuphap.casework import registry
        from tuphap.core import navigation
        from tuphap.legislation import checking_workflow, programme_apps

        programme_apps.ready()
        registry.register(checking_workflow.SPEC)

        navigation.add_link(
            "legislation", navigation.Link(_("Legal documents"), "legislation:list")
        )
        navigation.add_link(
            "legislation",
            navigation.Link(_("Overdue detailing documents"), "legislation:overdue"),
        )
        navigation.add_link(
            "legislation",
            navigation.Link(_("Proposed obligations"), "legislation:proposals"),
        )
        # Checking and review of promulgated documents.
        readers = frozenset(
            {
                Role.MINISTRY_SPECIALIST,
                Role.PROVINCIAL_SPECIALIST,
                Role.LEADER,
                Role.AUDITOR,
                Role.ADMINISTRATOR,
                Role.STATISTICS_OFFICER,
            }
        )
        navigation.add_link(
            "legislation", navigation.Link(_("Document checks"), "legislation:checks", readers)
        )
        navigation.add_link(
            "legislation", navigation.Link(_("Review tasks"), "legislation:reviews", readers)
        )
