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
        from tuphap.legislation.checking import review
        from tuphap.legislation.checking import workflow as checking_workflow
        from tuphap.legislation.documents import services as documents_services
        from tuphap.legislation.programme import workflow as programme_workflow

        # The case-engine registers of the areas.
        registry.register(checking_workflow.SPEC)
        for spec in programme_workflow.SPECS.values():
            registry.register(spec)
        # A document's change opens review tasks (documents is below checking: ADR 0012).
        if review.on_document_change not in documents_services.CHANGE_HOOKS:
            documents_services.CHANGE_HOOKS.append(review.on_document_change)

        from tuphap.core import bottlenecks
        from tuphap.legislation.documents import bottlenecks as documents_bottlenecks

        bottlenecks.add_source(
            bottlenecks.Source(
                "legislation.detailing_debt", documents_bottlenecks.detailing_debt, 40
            )
        )

        link = navigation.Link
        add = navigation.add_link
        # Documents and their detailing obligations.
        add("legislation", link(_("Legal documents"), "legislation:list"))
        add("legislation", link(_("Overdue detailing documents"), "legislation:overdue"))
        add("legislation", link(_("Proposed obligations"), "legislation:proposals"))
        # The law-making programme, proposals, drafts and appraisal.
        add("legislation", link(_("Law-making programme"), "legislation:programme_current"))
        drafters = frozenset(
            {Role.MINISTRY_SPECIALIST, Role.LEADER, Role.AUDITOR, Role.ADMINISTRATOR}
        )
        add("legislation", link(_("Proposals and drafts"), "legislation:dossier_list", drafters))
        add("legislation", link(_("Appraisals due"), "legislation:appraisals_due", drafters))
        # Checking and review of promulgated documents.
        checkers = frozenset(
            {
                Role.MINISTRY_SPECIALIST,
                Role.PROVINCIAL_SPECIALIST,
                Role.LEADER,
                Role.AUDITOR,
                Role.ADMINISTRATOR,
                Role.STATISTICS_OFFICER,
            }
        )
        add("legislation", link(_("Document checks"), "legislation:checks", checkers))
        add("legislation", link(_("Review tasks"), "legislation:reviews", checkers))
