"""The providers of legal aid (docs/domain/legal-aid.md §5): participating organisations
registered with a provincial Department of Justice, and the performers (legal aid officers,
lawyers under contract, collaborators, lawyers of a participating organisation) with the card or
contract that lets them be assigned, each for its validity interval. Centres and branches are
agencies (``AgencyKind.LEGAL_AID_CENTRE`` / ``LEGAL_AID_BRANCH``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.places.models import AdministrativeUnit


class OrganisationKind(models.TextChoices):
    LAW_FIRM = "law_firm", _("Law firm")
    CONSULTANCY = "consultancy", _("Legal consultancy centre")


class ParticipatingOrganisation(models.Model):
    """An organisation registered to take part in legal aid (Luật TGPL 2017 Art. 15–17)."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    registration_number = models.CharField(_("registration number"), max_length=60)
    province = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("registered from"))
    valid_to = models.DateField(_("registered until"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "registration_number"], name="legal_aid_organisation_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class PerformerKind(models.TextChoices):
    OFFICER = "officer", _("Legal aid officer")
    CONTRACT_LAWYER = "contract_lawyer", _("Lawyer under contract with the centre")
    COLLABORATOR = "collaborator", _("Collaborator")
    ORGANISATION_LAWYER = "organisation_lawyer", _("Lawyer of a participating organisation")


class Performer(models.Model):
    """A person who carries out legal aid cases, for a centre or a participating organisation.
    ``document_number`` is the card (officer, collaborator, lawyer's card) or the contract
    number; ``valid_from`` / ``valid_to`` its validity. Assigned only while valid (§5)."""

    full_name = models.CharField(_("full name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=PerformerKind.choices)
    centre = models.ForeignKey(
        Agency,
        verbose_name=_("centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        ParticipatingOrganisation,
        verbose_name=_("participating organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="performers",
    )
    document_number = models.CharField(_("card or contract number"), max_length=60)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("legal aid performer")
        verbose_name_plural = _("legal aid performers")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(centre__isnull=False) | Q(organisation__isnull=False),
                name="legal_aid_performer_has_employer",
            ),
            models.UniqueConstraint(
                fields=["kind", "document_number"], name="legal_aid_performer_document_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
