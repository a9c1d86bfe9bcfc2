from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuphap.accounts.roles import Role
from tuphap.core import validity
from tuphap.places.models import AdministrativeUnit


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry of Justice")
    MINISTRY_UNIT = "ministry_unit", _("Unit of the ministry")
    DEPARTMENT_OF_JUSTICE = "department_of_justice", _("Provincial Department of Justice")
    ENFORCEMENT_DEPARTMENT = (
        "enforcement_department",
        _("Provincial civil judgment enforcement department (until 30 June 2025)"),
    )
    ENFORCEMENT_SUBDEPARTMENT = (
        "enforcement_subdepartment",
        _("District civil judgment enforcement sub-department (until 30 June 2025)"),
    )
    ENFORCEMENT_PROVINCIAL = (
        "enforcement_provincial",
        _("Provincial civil judgment enforcement office (from 1 July 2025)"),
    )
    ENFORCEMENT_REGIONAL = (
        "enforcement_regional",
        _("Regional civil judgment enforcement office (from 1 July 2025)"),
    )
    COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
    LEGAL_AID_CENTRE = "legal_aid_centre", _("State legal aid centre")
    LEGAL_AID_BRANCH = "legal_aid_branch", _("Branch of a state legal aid centre")
    # Other ministries and central bodies: they lead drafting in the law-making programme.
    CENTRAL_BODY = "central_body", _("Other ministry or central body")
    OTHER_STATE_BODY = "other_state_body", _("Other state agency (police, court, procuracy, local)")


class AgencyLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    REGION = "region", _("Region")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class AgencyQuerySet(models.QuerySet["Agency"]):
    def valid_on(self, day: datetime.date) -> AgencyQuerySet:
        return self.filter(validity.valid_on(day))


class Agency(models.Model):
    """An organisation that records work: the ministry and its units, departments of justice,
    enforcement offices, commune committees, legal aid centres; each for its validity interval.

    ``jurisdiction`` lists the administrative units whose records the agency's users may see:
    a unit covers itself and everything below it. A national agency has none and sees all.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=AgencyKind.choices)
    level = models.CharField(_("level"), max_length=12, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    jurisdiction = models.ManyToManyField(
        AdministrativeUnit,
        verbose_name=_("jurisdiction"),
        blank=True,
        related_name="agencies",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.level == AgencyLevel.NATIONAL


class User(AbstractUser):
    """A person who signs in. Belongs to one agency and holds one or more roles."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def role_set(self) -> frozenset[str]:
        """The user's roles, read once per request object."""
        cached: frozenset[str] | None = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set().intersection(roles))


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"
