"""The rules of citizen reception and letter handling (docs/domain/oversight.md): the menus
of the register and the small pure functions the services and reports share.

Luật Tiếp công dân 42/2013; NĐ 154/2026 (from 1 Jul 2026, replacing NĐ 64/2014); TT 05/2021/TT-TTCP
(receiving, classifying and handling letters); Biểu 01/XLD (Tổng hợp kết quả xử lý đơn)."""

from __future__ import annotations

import datetime
import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tuphap.core.text import fold


class Channel(models.TextChoices):
    """How the letter reached the agency (TT 05/2021 Art. 4: received directly, by post, at a
    reception session, transferred by another body, through the online system)."""

    IN_PERSON = "in_person", _("Handed in at the reception office")
    RECEPTION = "reception", _("Raised at a reception session")
    POST = "post", _("By post")
    ONLINE = "online", _("Online (portal, e-mail)")
    TRANSFERRED_IN = "transferred_in", _("Transferred by another body")
    PRESS = "press", _("Press, elected deputies, other")


class Classification(models.TextChoices):
    """The classes of letters (TT 05/2021 Art. 6; Biểu 01/XLD by content)."""

    COMPLAINT = "complaint", pgettext_lazy("letter class", "Complaint")
    DENUNCIATION = "denunciation", pgettext_lazy("letter class", "Denunciation")
    PETITION = "petition", _("Petition or feedback")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible for handling")


class Field(models.TextChoices):
    """The content field of a letter, the rows of Biểu 01/XLD by content."""

    ADMINISTRATIVE = "administrative", _("Administrative management")
    LAND = "land", _("Land, housing, compensation for land recovery")
    POLICY = "policy", _("Policies, social security")
    JUDGMENT_ENFORCEMENT = "judgment_enforcement", _("Civil judgment enforcement")
    JUDICIAL = "judicial", _("Justice administration, legal aid, civil status")
    CORRUPTION = "corruption", _("Corruption, negative conduct")
    OTHER = "other", _("Other fields")


class IneligibleReason(models.TextChoices):
    """Why a letter is not eligible for handling (TT 05/2021 Art. 6(2), Art. 7) [U: the exact
    list is configurable; these are the grounds the circular names]."""

    NO_IDENTITY = "no_identity", _("No name or address of the sender")
    ANONYMOUS = "anonymous", _("Anonymous or in a false name")
    UNSIGNED = "unsigned", _("Not signed or finger-printed")
    UNCLEAR = "unclear", _("Content not clear")
    ALREADY_HANDLED = "already_handled", _("Already guided or resolved, no new ground")
    COPY = "copy", _("A copy sent to many bodies, this one not the addressee")
    OTHER = "other", _("Other reason")


class Competence(models.TextChoices):
    WITHIN = "within", _("Within the agency's competence")
    OUTSIDE = "outside", _("Outside the agency's competence")


class Handling(models.TextChoices):
    """How the letter was handled (Biểu 01/XLD, results). Empty while not yet handled."""

    ACCEPTED = "accepted", _("Taken up for resolution")
    GUIDED = "guided", _("Sender guided to the competent body")
    TRANSFERRED = "transferred", _("Transferred to the competent body")
    FILED = "filed", _("Filed (not eligible, duplicate)")


class ActionKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    CLASSIFIED = "classified", _("Classified")
    GUIDED = "guided", _("Guided")
    TRANSFERRED = "transferred", _("Transferred")
    URGED = "urged", _("Urged")
    ACCEPTED = "accepted", _("Taken up for resolution")
    FILED = "filed", _("Filed away")
    DUPLICATE = "duplicate", _("Linked as a duplicate")


class SessionKind(models.TextChoices):
    """Regular reception by the reception office, and the leader's periodic reception days
    (Luật Tiếp công dân Art. 12–15) or an unscheduled one (Art. 18)."""

    REGULAR = "regular", _("Regular reception")
    LEADER_PERIODIC = "leader_periodic", _("Leader's periodic reception day")
    LEADER_UNSCHEDULED = "leader_unscheduled", _("Leader's unscheduled reception")


class SessionMode(models.TextChoices):
    """In person, or online (NĐ 154/2026 Art. 16–24, from 1 Jul 2026)."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


ONLINE_RECEPTION_FROM = datetime.date(2026, 7, 1)
"""NĐ 154/2026 takes effect: online reception of citizens from this day."""

DUPLICATE_WINDOW_DAYS = 365
"""A letter from the same sender with similar content within this many days of an earlier one
is a duplicate (đơn trùng lặp, TT 05/2021 Art. 6) [U: the circular names no window;
configurable]."""

SIMILARITY_THRESHOLD = 0.6
"""The share of shared content words above which two letters say the same thing [U]."""

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    [
        "va",
        "la",
        "cua",
        "cho",
        "toi",
        "chung",
        "cac",
        "nhung",
        "duoc",
        "khong",
        "co",
        "da",
        "se",
        "voi",
        "trong",
        "ve",
        "tai",
        "nay",
        "do",
        "den",
        "mot",
        "ong",
        "ba",
        "anh",
        "chi",
        "em",
        "xin",
        "de",
        "nghi",
        "kinh",
        "gui",
    ]
)


def content_words(text: str) -> frozenset[str]:
    """The significant words of a content, folded (no diacritics, lower case)."""
    return frozenset(w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in _STOP)


def similarity(a: str | frozenset[str], b: str | frozenset[str]) -> float:
    """How much two contents say the same thing: shared words over the smaller one's words."""
    wa = a if isinstance(a, frozenset) else content_words(a)
    wb = b if isinstance(b, frozenset) else content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def sender_key(full_name: str, pin: str = "", address: str = "") -> str:
    """The identity of a sender for duplicate detection: the personal identification number
    when given, otherwise the folded name and address."""
    pin = pin.strip()
    if pin:
        return f"pin:{pin}"
    return f"name:{fold(full_name)}|{fold(address)}"


HANDLING_WORKING_DAYS = 10
"""A letter is studied, classified and handled within 10 working days of its receipt (TT
05/2021 Art. 5) [U: the article number; configurable]."""


def handling_due(received_on: datetime.date) -> datetime.date:
    """The last day to handle a letter received on ``received_on`` (working days of the core
    calendar: Vietnamese holidays and make-up working days)."""
    from tuphap.core.calendar import default_calendar

    return default_calendar().add_working_days(received_on, HANDLING_WORKING_DAYS)


DELEGATION_SIZE = 5
"""Five or more people raising the same matter together are a crowd (đoàn đông người) and
choose representatives (Luật Tiếp công dân Art. 30; NĐ 64/2014 Art. 7) [U: the number as
re-stated by NĐ 154/2026]."""
