"""The extracts issued from the register and their public verification codes
(docs/domain/civil_status.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.civil_status.registration.models import Registration
from tuphap.places.models import AdministrativeUnit


class Extract(models.Model):
    """A paper issued from a registration: the original certificate or extract, or copies of
    the extract (bản sao trích lục). ``snapshot`` holds exactly what was printed, so the PDF is
    rendered from it again identically, and the public verification compares against it.
    Never edited: a later amendment of the registration is shown by the verification instead."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("Original certificate or extract")
        COPY = "copy", _("Copy of the extract")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        related_name="extracts",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    copies = models.PositiveSmallIntegerField(_("copies"))
    code = models.CharField(_("verification code"), max_length=24, unique=True)
    snapshot = models.JSONField(_("what was printed"))
    amendment_count_at_issue = models.PositiveIntegerField(_("amendments at issue"))
    issuing_commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("issuing commune"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("issued extract")
        verbose_name_plural = _("issued extracts")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["issuing_commune", "issued_at"], name="extract_commune_day"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.code}"

    @property
    def printed_without_pin(self) -> bool:
        """Printed before the person's identification number came back, which the person now
        has: a new paper prints it (the old one stays genuine, showing what it showed)."""
        printed = (self.snapshot or {}).get("person") or {}
        return not printed.get("pin") and bool(self.registration.person.pin)
