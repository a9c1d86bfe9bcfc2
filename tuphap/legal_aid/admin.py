"""Read-only admin views: every change goes through the legal aid services (audited)."""

from __future__ import annotations

from django.contrib import admin

from tuphap.casework.admin import ReadOnlyAdmin
from tuphap.legal_aid.cases.models import LegalAidCase, ProceduralNotice
from tuphap.legal_aid.providers.models import ParticipatingOrganisation, Performer


@admin.register(Performer)
class PerformerAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "kind", "document_number", "valid_from", "valid_to", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["full_name", "document_number"]


@admin.register(ParticipatingOrganisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "registration_number", "province", "valid_from", "valid_to"]
    search_fields = ["name", "registration_number"]


@admin.register(LegalAidCase)
class LegalAidCaseAdmin(ReadOnlyAdmin):
    list_display = ["case", "centre", "group", "form", "field", "accepted_at", "assigned_on_time"]
    list_filter = ["form", "field", "group"]
    list_select_related = ["case", "centre"]


@admin.register(ProceduralNotice)
class ProceduralNoticeAdmin(ReadOnlyAdmin):
    list_display = ["case", "body_kind", "person_requested_at", "notified_at", "late"]
    list_filter = ["body_kind", "late"]
