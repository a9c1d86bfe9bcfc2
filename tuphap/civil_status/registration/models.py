"""The electronic civil status register (hộ tịch): persons, register books and the entries
written in them. See docs/domain/civil_status.md for the legal basis of every rule.

Registered entries are never edited in place (TT 01/2022/TT-BTP Art. 12–13): a change is an
``Amendment`` row, a person's every state is a ``PersonVersion`` row.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tuphap.places.models import AdministrativeUnit


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class EventType(models.TextChoices):
    BIRTH = "birth", _("Birth")
    DEATH = "death", _("Death")
    MARRIAGE = "marriage", _("Marriage")
    RECOGNITION = "recognition", _("Parent–child recognition")
    CHANGE = "change", _("Change, correction or supplement of information")
    MARITAL_STATUS = "marital_status", _("Confirmation of marital status")
    COURT_DECISION = "court_decision", _("Recording of a court or authority decision")
    GUARDIANSHIP = "guardianship", _("Guardianship")


# The suffix of a volume number (quyển số), e.g. ``01-TP/HT-2026-KS``. GH and CMC are quoted in
# TT 04/2020/TT-BTP Art. 29; the others follow the same pattern (docs: unconfirmed).
BOOK_SUFFIX: dict[str, str] = {
    EventType.BIRTH: "KS",
    EventType.DEATH: "KT",
    EventType.MARRIAGE: "KH",
    EventType.RECOGNITION: "CMC",
    EventType.CHANGE: "TDCC",
    EventType.MARITAL_STATUS: "XNHN",
    EventType.COURT_DECISION: "GCHT",
    EventType.GUARDIANSHIP: "GH",
}

# Events that need a living person: death locks the record (Luật Hộ tịch Art. 34(2)).
LIVING_PERSON_EVENTS = frozenset(
    {EventType.MARRIAGE, EventType.RECOGNITION, EventType.MARITAL_STATUS, EventType.GUARDIANSHIP}
)


class Person(models.Model):
    """One record per person (TT 01/2022 Art. 11(1)), keyed by the PIN once there is one.

    ``registered_in`` is the commune that opened the record; ``province`` its province, the
    distribution key. Written only by ``services``; every change adds a ``PersonVersion``.
    """

    pin = models.CharField(
        _("personal identification number"), max_length=12, null=True, blank=True, unique=True
    )
    family_name = models.CharField(_("family name"), max_length=50)
    middle_name = models.CharField(_("middle name"), max_length=80, blank=True)
    given_name = models.CharField(_("given name"), max_length=50)
    # Indexed first in person_name_birth (equality, order); a second index on it alone would
    # only be one more write per person.
    full_name_folded = models.CharField(_("full name without diacritics"), max_length=200)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    place_of_birth = models.CharField(_("place of birth"), max_length=255, blank=True)
    native_place = models.CharField(_("native place"), max_length=255, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    nationality = models.CharField(_("nationality"), max_length=50, default="Việt Nam")
    residence = models.CharField(_("residence"), max_length=255, blank=True)
    mother = models.ForeignKey(
        "self",
        verbose_name=_("mother"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    father = models.ForeignKey(
        "self",
        verbose_name=_("father"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mother_name = models.CharField(_("mother's name"), max_length=200, blank=True)
    mother_name_folded = models.CharField(max_length=200, blank=True)
    # Family and given name without the middle name, folded: the duplicate search compares it
    # with the date of birth (docs/domain/civil_status.md §1), through ``person_birth_name``.
    family_given_folded = models.CharField(max_length=120, blank=True, default="")
    father_name = models.CharField(_("father's name"), max_length=200, blank=True)
    spouse = models.ForeignKey(
        "self",
        verbose_name=_("spouse"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pin_requested_at = models.DateTimeField(_("PIN requested at"), null=True, blank=True)
    # When the population database's answer was written (None for a PIN entered with the
    # record, or written before this field existed): how long issuing took (statistics).
    pin_issued_at = models.DateTimeField(_("PIN issued at"), null=True, blank=True)
    died_on = models.DateField(_("died on"), null=True, blank=True)
    registered_in = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("registered in"),
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
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["full_name_folded", "id"]
        indexes = [
            models.Index(fields=["full_name_folded", "date_of_birth"], name="person_name_birth"),
            models.Index(fields=["date_of_birth", "family_given_folded"], name="person_birth_name"),
            models.Index(
                fields=["pin_requested_at"],
                name="person_pin_pending",
                condition=Q(pin__isnull=True, pin_requested_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.family_name, self.middle_name, self.given_name) if part
        )

    @property
    def is_dead(self) -> bool:
        return self.died_on is not None


# The fields of a person a version snapshots and an amendment may change.
PERSON_FIELDS: tuple[str, ...] = (
    "pin",
    "family_name",
    "middle_name",
    "given_name",
    "sex",
    "date_of_birth",
    "place_of_birth",
    "native_place",
    "ethnicity",
    "nationality",
    "residence",
    "mother_id",
    "father_id",
    "mother_name",
    "father_name",
    "spouse_id",
    "died_on",
)


class PersonVersion(models.Model):
    """One state of a person's record, appended by every event that changes it."""

    # Indexed first in person_version_unique (its own index would be one more write).
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="versions",
        db_index=False,
    )
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("data"))
    registration = models.ForeignKey(
        "Registration",
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=255)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("person version")
        verbose_name_plural = _("person versions")
        ordering = ["person", "number"]
        constraints = [
            models.UniqueConstraint(fields=["person", "number"], name="person_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} v{self.number}"


class RegisterCounter(models.Model):
    """The last entry number given in a commune's register of one event type in one year.
    Locked with ``select_for_update`` and advanced with ``F()``: numbers are gapless and run
    across volumes within the year (TT 04/2020/TT-BTP Art. 29)."""

    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    event_type = models.CharField(_("event"), max_length=20, choices=EventType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "event_type", "year"], name="register_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.event_type} {self.year}: {self.last_number}"


class RegisterBook(models.Model):
    """One volume (quyển) of a commune's register of one event type in one year."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    event_type = models.CharField(_("event"), max_length=20, choices=EventType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    volume = models.PositiveSmallIntegerField(_("volume"))
    volume_number = models.CharField(_("volume number"), max_length=40)
    pages = models.PositiveIntegerField(_("pages"))
    first_number = models.PositiveIntegerField(_("first entry number"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entries_count = models.PositiveIntegerField(_("entries"), null=True, blank=True)
    corrected_count = models.PositiveIntegerField(_("corrected entries"), null=True, blank=True)
    blank_pages = models.PositiveIntegerField(_("blank pages"), null=True, blank=True)

    class Meta:
        verbose_name = _("register book")
        verbose_name_plural = _("register books")
        ordering = ["-year", "event_type", "volume"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "event_type", "year", "volume"], name="register_book_unique"
            )
        ]

    def __str__(self) -> str:
        return self.volume_number


class Registration(models.Model):
    """One entry in a register book. ``details`` holds the event's own fields as registered,
    validated per event type; it is never rewritten: see ``Amendment``."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        DELETED = "deleted", _("Deleted by decision")

    book = models.ForeignKey(
        RegisterBook, verbose_name=_("book"), on_delete=models.PROTECT, related_name="entries"
    )
    event_type = models.CharField(_("event"), max_length=20, choices=EventType.choices)
    # Both indexed first in registration_commune_day / registration_province_day (their own
    # indexes would be two more writes per registration).
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    entry_number = models.PositiveIntegerField(_("entry number"))
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="registrations"
    )
    other_person = models.ForeignKey(
        Person,
        verbose_name=_("other party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations_as_other",
    )
    event_date = models.DateField(_("event date"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"))
    registered_on = models.DateField(_("registered on"), db_index=True)
    on_time = models.BooleanField(_("on time"), null=True, blank=True)
    is_re_registration = models.BooleanField(_("re-registration"), default=False)
    has_foreign_element = models.BooleanField(_("foreign element"), default=False)
    details = models.JSONField(_("details"), default=dict)
    signer_name = models.CharField(_("signer"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    amendment_count = models.PositiveIntegerField(_("amendments"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "event_type", "year", "entry_number"],
                name="registration_entry_unique",
            )
        ]
        indexes = [
            models.Index(fields=["commune", "registered_on"], name="registration_commune_day"),
            models.Index(fields=["province", "registered_on"], name="registration_province_day"),
        ]

    def __str__(self) -> str:
        return f"{self.book.volume_number} số {self.entry_number}"

    def current_details(self) -> dict[str, Any]:
        """``details`` with every amendment applied, in order."""
        current = dict(self.details)
        if self.amendment_count == 0:
            return current
        # ``all()`` so that a prefetch of ``amendments`` is used.
        for amendment in sorted(self.amendments.all(), key=lambda row: row.number):
            for name, change in amendment.changes.items():
                if not name.startswith("person."):
                    current[name] = change["new"]
        return current


class Amendment(models.Model):
    """A change to a registered entry: correction, change, supplement of information, or
    deletion on a decision. ``changes`` maps a field to ``{"old": …, "new": …}``; a field named
    ``person.<name>`` changes the person's record (a new ``PersonVersion``)."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CHANGE = "change", _("Change")
        SUPPLEMENT = "supplement", _("Supplement")
        DELETION = "deletion", _("Deletion by decision")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    changes = models.JSONField(_("changes"), default=dict)
    reason = models.CharField(_("reason"), max_length=500)
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    decision_reference = models.CharField(_("decision"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["registration", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "number"], name="amendment_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} #{self.number} {self.kind}"


def snapshot(person: Person) -> dict[str, Any]:
    """The person's fields as JSON-ready values, for a version row."""
    data: dict[str, Any] = {}
    for name in PERSON_FIELDS:
        value = getattr(person, name)
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


# -- applications (the filing before the entry; docs/domain/civil_status.md §9) ----------------
