from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "tuphap.enforcement"
    label = "enforcement"
    verbose_name = _("Civil judgment enforcement")

    def ready(self) -> None:
        from tuphap.accounts.roles import Role
        from tuphap.casework import registry
        from tuphap.core import navigation
        from tuphap.core.navigation import Link
        from tuphap.enforcement.administrative import workflow as administrative
        from tuphap.enforcement.cases import workflow

        registry.register(workflow.SPEC)
        registry.register(administrative.SPEC)
        from tuphap.core import people as core_people
        from tuphap.enforcement import people, reactions

        core_people.on_death("enforcement", reactions.person_died)
        core_people.add_provider(
            core_people.Provider(
                "enforcement", _("Judgment enforcement"), people.may_read, people.facts, 20
            )
        )
        staff = frozenset({Role.ENFORCEMENT_OFFICER, Role.ENFORCEMENT_HEAD})
        navigation.add_link(
            "enforcement", Link(_("Enforcement cases"), "enforcement:case_list", staff)
        )
        navigation.add_link("enforcement", Link(_("New case"), "enforcement:case_new", staff))
        navigation.add_link(
            "enforcement",
            Link(
                _("Office dashboard"),
                "enforcement:dashboard",
                staff | {Role.MINISTRY_SPECIALIST, Role.LEADER, Role.ADMINISTRATOR},
            ),
        )
        navigation.add_link(
            "enforcement",
            Link(_("Administrative judgments"), "enforcement:administrative_list", staff),
        )
        navigation.add_link("enforcement", Link(_("Targets by office"), "enforcement:targets"))
