"""What the law-making programme adds when the legislation app is ready: its two registers in
the case engine and its links in the navigation (kept here so ``apps.py`` changes by one line)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from tuphap.accounts.roles import Role
    from tuphap.casework import registry
    from tuphap.core import navigation
    from tuphap.legislation import programme_workflow

    for spec in programme_workflow.SPECS.values():
        registry.register(spec)
    navigation.add_link(
        "legislation",
        navigation.Link(_("Law-making programme"), "legislation:programme_current"),
    )
    readers = frozenset({Role.MINISTRY_SPECIALIST, Role.LEADER, Role.AUDITOR, Role.ADMINISTRATOR})
    navigation.add_link(
        "legislation",
        navigation.Link(_("Proposals and drafts"), "legislation:dossier_list", readers),
    )
    navigation.add_link(
        "legislation",
        navigation.Link(_("Appraisals due"), "legislation:appraisals_due", readers),
    )
