"""The writes of the reception and letter register: a letter registered (with its senders and,
when the same sender sends the same content again, linked to the first as a duplicate), its
classification, guidance, the one transfer (TT 05/2021 Art. 14), urging, and a reception
session. Each call is one transaction with an audit row (docs/domain/oversight.md)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts.models import Agency
from tuphap.core import audit, counters
from tuphap.core.errors import AccessDenied, Conflict, FieldErrors
from tuphap.oversight.reception import permissions, rules
from tuphap.oversight.reception.models import (
    Letter,
    LetterAction,
    LetterCounter,
    LetterSender,
    ReceptionSession,
)
from tuphap.places.models import AdministrativeUnit

PIN_LENGTH = 12
MAX_SENDERS = 200
SCAN_LIMIT = 200  # the most recent letters of other senders compared with a new one


@dataclass(frozen=True)
class SenderData:
    full_name: str
    pin: str = ""
    address: str = ""
    phone: str = ""
    representative: bool = False

    @property
    def key(self) -> str:
        return rules.sender_key(self.full_name, self.pin, self.address)


@dataclass(frozen=True)
class LetterData:
    """A letter as the reception desk takes it: who, when, how, what; optionally classified at
    once (the classification fields are then checked as ``letter_classify`` checks them)."""

    received_on: datetime.date
    channel: str
    content: str
    senders: Sequence[SenderData]
    subject: str = ""
    classification: str = ""
    field: str = ""
    competence: str = ""
    ineligible_reason: str = ""
    ineligible_note: str = ""


@dataclass(frozen=True)
class ReceptionData:
    held_on: datetime.date
    kind: str
    mode: str
    received_by: str
    citizen_name: str
    raised: str
    citizen_pin: str = ""
    citizen_address: str = ""
    headcount: int = 1
    delegation: bool = False
    classification: str = ""


@dataclass(frozen=True)
class Candidate:
    """An earlier letter that may say the same thing: from the same sender (a duplicate) or
    from others (the same matter)."""

    letter: Letter
    score: float
    same_sender: bool


def _today() -> datetime.date:
    return timezone.localdate()


def _require_worker(actor: Any) -> Agency:
    if not permissions.can_work(actor):
        raise AccessDenied(_("Only an inspector of an agency registers and handles letters."))
    agency: Agency = actor.agency
    return agency


def agency_place(agency: Agency) -> AdministrativeUnit | None:
    """The administrative unit a letter received by ``agency`` belongs to: the first unit of
    its jurisdiction (a department's province, a commune committee's commune), else its
    province; none for a national agency."""
    if agency.is_national:
        return None
    unit: AdministrativeUnit | None = agency.jurisdiction.order_by("id").first()
    if unit is None and agency.province_id is not None:
        unit = agency.province
    return unit


def _check_day(errors: FieldErrors, name: str, day: Any, *, after: datetime.date | None) -> None:
    if not isinstance(day, datetime.date):
        errors.add(name, _("This field is required."))
    elif day > _today():
        errors.add(name, _("The date must not be in the future."))
    elif after is not None and day < after:
        errors.add(name, _("The date must not be before the letter was received."))


def _check_pin(errors: FieldErrors, name: str, pin: str) -> None:
    if pin and (len(pin) != PIN_LENGTH or not pin.isdigit()):
        errors.add(name, _("A personal identification number is 12 digits."))


def _check_senders(errors: FieldErrors, senders: Sequence[SenderData]) -> None:
    if not senders:
        errors.add("senders", _("A letter has at least one sender."))
        return
    if len(senders) > MAX_SENDERS:
        errors.add("senders", _("Too many senders for one letter."))
    seen: set[str] = set()
    for index, sender in enumerate(senders):
        if not sender.full_name.strip():
            errors.add(f"senders[{index}].full_name", _("This field is required."))
        _check_pin(errors, f"senders[{index}].pin", sender.pin.strip())
        if sender.full_name.strip() and sender.key in seen:
            errors.add(f"senders[{index}]", _("The same sender is listed twice."))
        seen.add(sender.key)
    if len(senders) > 1 and not any(s.representative for s in senders):
        errors.add(
            "senders",
            _("A letter signed by several people names their representative."),
        )


def _check_classification(
    errors: FieldErrors,
    *,
    classification: str,
    field: str,
    competence: str,
    ineligible_reason: str,
) -> None:
    if classification not in rules.Classification.values:
        errors.add("classification", _("Choose complaint, denunciation, petition or not eligible."))
        return
    if field and field not in rules.Field.values:
        errors.add("field", _("Choose the field of the content."))
    if classification == rules.Classification.NOT_ELIGIBLE:
        if ineligible_reason not in rules.IneligibleReason.values:
            errors.add("ineligible_reason", _("Say why the letter is not eligible."))
        if competence:
            errors.add("competence", _("A letter not eligible is not assessed for competence."))
        return
    if ineligible_reason:
        errors.add("ineligible_reason", _("Only a letter not eligible has a reason for it."))
    if competence not in rules.Competence.values:
        errors.add("competence", _("Say whether the letter is within the agency's competence."))


# -- duplicates ----------------------------------------------------------------------------


def duplicate_candidates(
    *,
    agency: Agency,
    content: str,
    sender_keys: Sequence[str],
    received_on: datetime.date,
    exclude_id: int | None = None,
    limit: int = 5,
) -> list[Candidate]:
    """The agency's earlier letters (within ``rules.DUPLICATE_WINDOW_DAYS`` before
    ``received_on``) whose content is similar to ``content``: those sharing a sender first (the
    duplicates), then the others' (the same matter). Only originals are offered: a duplicate
    points to its original."""
    words = rules.content_words(content)
    if not words:
        return []
    since = received_on - datetime.timedelta(days=rules.DUPLICATE_WINDOW_DAYS)
    keys = [key for key in sender_keys if key]
    base = Letter.objects.filter(
        agency=agency,
        duplicate_of__isnull=True,
        received_on__gte=since,
        received_on__lte=received_on,
    )
    if exclude_id is not None:
        base = base.exclude(pk=exclude_id)
    same_sender_ids: set[int] = set()
    if keys:
        same_sender_ids = set(
            LetterSender.objects.filter(letter__in=base, key__in=keys).values_list(
                "letter_id", flat=True
            )
        )
    # Letters of other senders are looked for among those sharing a rare word: the longest
    # few words of the content narrow the scan, the similarity decides. Only the ids and the
    # words are read; the few letters offered are loaded at the end.
    probes = sorted(words, key=len, reverse=True)[:4]
    word_filter = Q()
    for word in probes:
        word_filter |= Q(content_words__contains=word)
    scored: list[tuple[bool, float, int]] = []
    same_rows = base.filter(pk__in=same_sender_ids).values_list("pk", "content_words")
    other_rows = (
        base.filter(word_filter)
        .exclude(pk__in=same_sender_ids)
        .order_by("-received_on", "-pk")
        .values_list("pk", "content_words")[:SCAN_LIMIT]
    )
    for same, found in ((True, same_rows), (False, other_rows)):
        for pk, text in found:
            score = rules.similarity(words, frozenset(text.split()))
            if score >= rules.SIMILARITY_THRESHOLD:
                scored.append((same, score, pk))
    scored.sort(key=lambda row: (not row[0], -row[1], -row[2]))
    best = scored[:limit]
    letters = Letter.objects.in_bulk([pk for _same, _score, pk in best])
    return [Candidate(letters[pk], score, same) for same, score, pk in best]


# -- the letter ----------------------------------------------------------------------------


def _action(
    letter: Letter,
    kind: str,
    on: datetime.date,
    actor: Any,
    *,
    to_agency: Agency | None = None,
    to_name: str = "",
    note: str = "",
) -> LetterAction:
    return LetterAction.objects.create(
        letter=letter,
        kind=kind,
        on=on,
        to_agency=to_agency,
        to_name=to_name,
        note=note,
        by=actor if getattr(actor, "is_authenticated", False) else None,
    )


@transaction.atomic
def letter_register(
    *, actor: Any, data: LetterData, same_matter_as: Letter | None = None
) -> Letter:
    """Register a letter once, in the actor's agency's book. A letter whose sender sent
    similar content within the window is linked to that letter as a duplicate (recorded, not
    counted again, not handled again); ``same_matter_as`` links another sender's letter on the
    same matter (counted as a letter, not as a new matter)."""
    agency = _require_worker(actor)
    errors = FieldErrors()
    _check_day(errors, "received_on", data.received_on, after=None)
    if data.channel not in rules.Channel.values:
        errors.add("channel", _("Choose how the letter was received."))
    if not data.content.strip():
        errors.add("content", _("This field is required."))
    _check_senders(errors, data.senders)
    if data.classification:
        _check_classification(
            errors,
            classification=data.classification,
            field=data.field,
            competence=data.competence,
            ineligible_reason=data.ineligible_reason,
        )
    if same_matter_as is not None and same_matter_as.agency_id != agency.pk:
        errors.add("same_matter_as", _("Choose a letter of your agency."))
    errors.raise_if_any()

    keys = [sender.key for sender in data.senders]
    found = duplicate_candidates(
        agency=agency, content=data.content, sender_keys=keys, received_on=data.received_on
    )
    original = next((row.letter for row in found if row.same_sender), None)
    year = data.received_on.year
    words = rules.content_words(data.content)
    letter = Letter(
        agency=agency,
        place=agency_place(agency),
        year=year,
        number=counters.next_number(LetterCounter, agency=agency, year=year),
        received_on=data.received_on,
        channel=data.channel,
        subject=data.subject.strip(),
        content=data.content.strip(),
        content_words=" ".join(sorted(words)),
        sender_keys="\n".join(keys),
        sender_count=len(data.senders),
        duplicate_of=original,
        registered_by=actor,
    )
    if original is None and same_matter_as is not None:
        letter.matter_of = same_matter_as.matter_of or same_matter_as
    if original is not None:
        # A duplicate takes its original's classification and is filed: it is not handled (or
        # transferred) a second time.
        letter.matter_of = original.matter_of
        letter.classification = original.classification
        letter.field = original.field
        letter.competence = original.competence
        letter.ineligible_reason = original.ineligible_reason
        letter.handling = rules.Handling.FILED
        letter.handled_on = data.received_on
        letter.classified_on = data.received_on if original.classification else None
    letter.save()
    LetterSender.objects.bulk_create(
        [
            LetterSender(
                letter=letter,
                position=index + 1,
                full_name=sender.full_name.strip(),
                pin=sender.pin.strip(),
                address=sender.address.strip(),
                phone=sender.phone.strip(),
                representative=sender.representative or len(data.senders) == 1,
                key=sender.key,
            )
            for index, sender in enumerate(data.senders)
        ]
    )
    _action(letter, rules.ActionKind.REGISTERED, data.received_on, actor)
    audit.record(
        actor=actor,
        action="oversight.letter.registered",
        obj=letter,
        data={
            "channel": letter.channel,
            "senders": letter.sender_count,
            "duplicate_of": original.pk if original else None,
        },
    )
    if original is not None:
        _action(letter, rules.ActionKind.DUPLICATE, data.received_on, actor, note=str(original))
        audit.record(
            actor=actor,
            action="oversight.letter.duplicate",
            obj=letter,
            data={"original": original.pk},
        )
    elif data.classification:
        _classify(
            actor,
            letter,
            classification=data.classification,
            field=data.field,
            competence=data.competence,
            ineligible_reason=data.ineligible_reason,
            note=data.ineligible_note,
            on=data.received_on,
        )
    return letter


def _locked(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().get(pk=letter.pk)


def _check_open(letter: Letter) -> None:
    if letter.duplicate_of_id is not None:
        raise Conflict(
            _("This letter is a duplicate of letter %(original)s: it is handled there.")
            % {"original": letter.duplicate_of}
        )


def _check_mine(actor: Any, letter: Letter) -> None:
    if letter.agency_id != actor.agency_id:
        raise AccessDenied(_("Only the receiving agency handles its letters."))


def _classify(
    actor: Any,
    letter: Letter,
    *,
    classification: str,
    field: str,
    competence: str,
    ineligible_reason: str,
    note: str,
    on: datetime.date,
) -> None:
    letter.classification = classification
    letter.field = field
    letter.classified_on = on
    if classification == rules.Classification.NOT_ELIGIBLE:
        letter.competence = ""
        letter.ineligible_reason = ineligible_reason
        letter.ineligible_note = note.strip()
        letter.handling = rules.Handling.FILED
        letter.handled_on = on
    else:
        letter.competence = competence
        letter.ineligible_reason = ""
        letter.ineligible_note = ""
        if competence == rules.Competence.WITHIN:
            letter.handling = rules.Handling.ACCEPTED
            letter.handled_on = on
    letter.save()
    _action(letter, rules.ActionKind.CLASSIFIED, on, actor, note=note.strip())
    if letter.handling:
        kind = (
            rules.ActionKind.FILED
            if letter.handling == rules.Handling.FILED
            else rules.ActionKind.ACCEPTED
        )
        _action(letter, kind, on, actor)
    audit.record(
        actor=actor,
        action="oversight.letter.classified",
        obj=letter,
        data={
            "classification": classification,
            "competence": letter.competence,
            "reason": letter.ineligible_reason,
        },
    )


@transaction.atomic
def letter_classify(
    *,
    actor: Any,
    letter: Letter,
    classification: str,
    competence: str = "",
    field: str = "",
    ineligible_reason: str = "",
    note: str = "",
    on: datetime.date | None = None,
) -> Letter:
    """Classify a letter not yet handled (TT 05/2021 Art. 6): a letter within the agency's
    competence is taken up for resolution; one not eligible is filed with its reason; one
    outside competence waits to be guided or transferred."""
    _require_worker(actor)
    letter = _locked(letter)
    _check_mine(actor, letter)
    _check_open(letter)
    if letter.handling:
        raise Conflict(_("This letter has already been handled."))
    on = on or _today()
    errors = FieldErrors()
    _check_day(errors, "on", on, after=letter.received_on)
    _check_classification(
        errors,
        classification=classification,
        field=field,
        competence=competence,
        ineligible_reason=ineligible_reason,
    )
    errors.raise_if_any()
    _classify(
        actor,
        letter,
        classification=classification,
        field=field,
        competence=competence,
        ineligible_reason=ineligible_reason,
        note=note,
        on=on,
    )
    return letter


def _check_outside(letter: Letter) -> None:
    if letter.handling:
        raise Conflict(_("This letter has already been handled."))
    if not letter.classification:
        raise Conflict(_("Classify the letter first."))
    if letter.classification == rules.Classification.NOT_ELIGIBLE:
        raise Conflict(_("A letter not eligible is filed, not guided or transferred."))
    if letter.competence != rules.Competence.OUTSIDE:
        raise Conflict(_("Only a letter outside the agency's competence is guided or transferred."))


@transaction.atomic
def letter_guide(
    *,
    actor: Any,
    letter: Letter,
    to_name: str,
    guidance: str = "",
    on: datetime.date | None = None,
) -> Letter:
    """Guide the sender to the competent body (a complaint outside competence is guided,
    TT 05/2021 Art. 8)."""
    _require_worker(actor)
    letter = _locked(letter)
    _check_mine(actor, letter)
    _check_open(letter)
    _check_outside(letter)
    on = on or _today()
    errors = FieldErrors()
    _check_day(errors, "on", on, after=letter.received_on)
    if not to_name.strip():
        errors.add("to_name", _("Name the competent body the sender is guided to."))
    errors.raise_if_any()
    letter.handling = rules.Handling.GUIDED
    letter.handled_on = on
    letter.transferred_to_name = to_name.strip()
    letter.guidance = guidance.strip()
    letter.save()
    _action(letter, rules.ActionKind.GUIDED, on, actor, to_name=to_name.strip(), note=guidance)
    audit.record(
        actor=actor, action="oversight.letter.guided", obj=letter, data={"to": to_name.strip()}
    )
    return letter


def transferred_before(letter: Letter) -> Letter | None:
    """A letter with the same content (this one, its original, its duplicates, the same
    matter) already transferred, or ``None``."""
    root_ids = {letter.pk, letter.duplicate_of_id, letter.matter_of_id} - {None}
    group = Letter.objects.filter(
        Q(pk__in=root_ids) | Q(duplicate_of__in=root_ids) | Q(matter_of__in=root_ids)
    )
    found: Letter | None = (
        group.filter(actions__kind=rules.ActionKind.TRANSFERRED).order_by("transferred_on").first()
    )
    return found


@transaction.atomic
def letter_transfer(
    *,
    actor: Any,
    letter: Letter,
    to_agency: Agency | None = None,
    to_name: str = "",
    note: str = "",
    on: datetime.date | None = None,
) -> Letter:
    """Transfer a letter to the competent body. A letter with the same content is transferred
    only once (TT 05/2021 Art. 14): a second transfer, of this letter or of another with the
    same content, is refused."""
    _require_worker(actor)
    letter = _locked(letter)
    _check_mine(actor, letter)
    earlier = transferred_before(letter)
    if earlier is not None:
        raise Conflict(
            _(
                "A letter with the same content was already transferred (letter %(letter)s, "
                "on %(day)s, to %(to)s): it is transferred only once (TT 05/2021 Art. 14)."
            )
            % {
                "letter": earlier,
                "day": earlier.transferred_on.strftime("%d/%m/%Y")
                if earlier.transferred_on
                else "",
                "to": earlier.transferred_to or earlier.transferred_to_name,
            },
            code="already_transferred",
        )
    _check_open(letter)
    _check_outside(letter)
    on = on or _today()
    errors = FieldErrors()
    _check_day(errors, "on", on, after=letter.received_on)
    if to_agency is None and not to_name.strip():
        errors.add("to_name", _("Name the competent body the letter is transferred to."))
    if to_agency is not None and to_agency.pk == letter.agency_id:
        errors.add("to_agency", _("A letter is transferred to another body."))
    errors.raise_if_any()
    name = to_name.strip() or (to_agency.name if to_agency else "")
    letter.handling = rules.Handling.TRANSFERRED
    letter.handled_on = on
    letter.transferred_to = to_agency
    letter.transferred_to_name = name
    letter.transferred_on = on
    letter.save()
    try:
        with transaction.atomic():
            _action(
                letter,
                rules.ActionKind.TRANSFERRED,
                on,
                actor,
                to_agency=to_agency,
                to_name=name,
                note=note,
            )
    except IntegrityError:  # pragma: no cover - the row lock above makes this a race only
        raise Conflict(
            _("This letter was already transferred: it is transferred only once."),
            code="already_transferred",
        ) from None
    audit.record(
        actor=actor,
        action="oversight.letter.transferred",
        obj=letter,
        data={"to": name, "to_agency": to_agency.pk if to_agency else None},
    )
    return letter


@transaction.atomic
def letter_urge(
    *, actor: Any, letter: Letter, note: str = "", on: datetime.date | None = None
) -> Letter:
    """Urge the resolution of a letter transferred or taken up (đôn đốc, Biểu 01/XLD)."""
    _require_worker(actor)
    letter = _locked(letter)
    _check_mine(actor, letter)
    _check_open(letter)
    if letter.handling not in (rules.Handling.TRANSFERRED, rules.Handling.ACCEPTED):
        raise Conflict(_("Only a letter transferred or taken up for resolution is urged."))
    on = on or _today()
    errors = FieldErrors()
    _check_day(errors, "on", on, after=letter.handled_on or letter.received_on)
    errors.raise_if_any()
    letter.urged_count += 1
    letter.last_urged_on = on
    letter.save(update_fields=["urged_count", "last_urged_on"])
    _action(letter, rules.ActionKind.URGED, on, actor, note=note.strip())
    audit.record(
        actor=actor, action="oversight.letter.urged", obj=letter, data={"times": letter.urged_count}
    )
    return letter


# -- reception sessions --------------------------------------------------------------------


@transaction.atomic
def reception_record(
    *, actor: Any, data: ReceptionData, letter_data: LetterData | None = None
) -> ReceptionSession:
    """Record a reception: who received whom, what was raised. A person may be received
    without a letter; with ``letter_data`` the letter handed in is registered in the same
    transaction and linked."""
    agency = _require_worker(actor)
    errors = FieldErrors()
    _check_day(errors, "held_on", data.held_on, after=None)
    if data.kind not in rules.SessionKind.values:
        errors.add("kind", _("Choose regular reception or a leader's reception."))
    if data.mode not in rules.SessionMode.values:
        errors.add("mode", _("Choose in person or online."))
    elif (
        data.mode == rules.SessionMode.ONLINE
        and isinstance(data.held_on, datetime.date)
        and data.held_on < rules.ONLINE_RECEPTION_FROM
    ):
        errors.add(
            "mode",
            _("Online reception is provided for from 1 July 2026 (Decree 154/2026)."),
        )
    for name in ("received_by", "citizen_name", "raised"):
        if not str(getattr(data, name)).strip():
            errors.add(name, _("This field is required."))
    _check_pin(errors, "citizen_pin", data.citizen_pin.strip())
    if data.headcount < 1:
        errors.add("headcount", _("At least one person is received."))
    if data.classification and data.classification not in rules.Classification.values:
        errors.add("classification", _("Choose complaint, denunciation, petition or not eligible."))
    errors.raise_if_any()
    letter = None
    if letter_data is not None:
        letter = letter_register(actor=actor, data=letter_data)
    session = ReceptionSession.objects.create(
        agency=agency,
        place=agency_place(agency),
        kind=data.kind,
        mode=data.mode,
        held_on=data.held_on,
        received_by=data.received_by.strip(),
        officer=actor,
        citizen_name=data.citizen_name.strip(),
        citizen_pin=data.citizen_pin.strip(),
        citizen_address=data.citizen_address.strip(),
        headcount=data.headcount,
        delegation=data.delegation or data.headcount >= rules.DELEGATION_SIZE,
        raised=data.raised.strip(),
        classification=data.classification,
        letter=letter,
    )
    audit.record(
        actor=actor,
        action="oversight.reception.recorded",
        obj=session,
        data={"kind": data.kind, "mode": data.mode, "letter": letter.pk if letter else None},
    )
    return session
