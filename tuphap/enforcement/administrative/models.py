"""The administrative judgments followed up (THAHC): the register detail of each case."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.models import Agency
from tuphap.casework.models import Case


class AdministrativeJudgment(models.Model):
    """The register detail of one administrative judgment or decision followed up by an
    enforcement office (THAHC; one judgment = one "việc THAHC", docs/domain/enforcement.md §8):
    the court's judgment, the losing administrative body, its obligation, and the court's
    compulsion decision when there is one. The follow-up steps are the case's journal."""

    case = models.OneToOneField(
        Case,
        primary_key=True,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="administrative_detail",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    court_name = models.CharField(_("court"), max_length=200)
    number = models.CharField(_("judgment number"), max_length=60)
    issued_on = models.DateField(_("judgment date"))
    effective_on = models.DateField(_("legally effective on"))
    received_on = models.DateField(_("received on"))
    body_name = models.CharField(_("administrative body that must comply"), max_length=300)
    body_code = models.CharField(_("code of the body"), max_length=40, blank=True)
    obligee_name = models.CharField(_("obligee"), max_length=200, blank=True)
    obligation = models.TextField(_("obligation"))
    compulsion_number = models.CharField(_("compulsion decision number"), max_length=60, blank=True)
    compulsion_date = models.DateField(_("compulsion decision date"), null=True, blank=True)

    class Meta:
        verbose_name = _("administrative judgment followed up")
        verbose_name_plural = _("administrative judgments followed up")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "court_name", "number", "issued_on"],
                name="enforcement_admin_judgment_unique",
            ),
        ]
        indexes = [models.Index(fields=["received_on"], name="enforcement_admin_received")]

    def __str__(self) -> str:
        return f"{self.number} ({self.court_name}, {self.issued_on:%d/%m/%Y})"
