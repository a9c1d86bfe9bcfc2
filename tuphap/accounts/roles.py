"""The roles a user may hold. What each role may do is decided in each app's ``permissions``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CIVIL_STATUS_OFFICER = "civil_status_officer", _("Commune civil status officer")
    ENFORCEMENT_OFFICER = "enforcement_officer", _("Enforcement officer")
    ENFORCEMENT_HEAD = "enforcement_head", _("Enforcement office head")
    LEGAL_AID_OFFICER = "legal_aid_officer", _("Legal aid officer")
    INSPECTOR = "inspector", _("Inspector (reception, complaints, denunciations, inspections)")
    COMPENSATION_OFFICER = "compensation_officer", _("State compensation officer")
    OUTREACH_OFFICER = "outreach_officer", _("Dissemination and mediation officer")
    REPORT_APPROVER = "report_approver", _("Report approver (the unit's leader)")
    PROVINCIAL_SPECIALIST = "provincial_specialist", _("Provincial specialist")
    MINISTRY_SPECIALIST = "ministry_specialist", _("Ministry specialist")
    STATISTICS_OFFICER = "statistics_officer", _("Statistics officer")
    LEADER = "leader", _("Leader (read only)")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles that may read but never change a register.
READ_ONLY_ROLES = frozenset({Role.LEADER, Role.AUDITOR})
