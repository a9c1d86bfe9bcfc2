"""Who may do what with letters and reception sessions: an inspector (the agency's reception
and letter-handling officer) works; the Department of Justice's and the ministry's specialists,
leaders and auditors read, within their jurisdiction (docs/domain/oversight.md)."""

from __future__ import annotations

from typing import Any

from tuphap.accounts.roles import Role
from tuphap.casework import permissions as case_permissions
from tuphap.oversight.reception import rules

WORKERS = frozenset({Role.INSPECTOR})
READERS = frozenset(
    {
        Role.INSPECTOR,
        Role.PROVINCIAL_SPECIALIST,
        Role.MINISTRY_SPECIALIST,
        Role.LEADER,
        Role.AUDITOR,
        Role.ADMINISTRATOR,
    }
)


def can_work(user: Any) -> bool:
    """Register, classify and handle letters, record reception sessions: an inspector of an
    agency (read-only roles never change a register)."""
    return bool(case_permissions.writable_roles(user) & WORKERS) and (
        getattr(user, "agency_id", None) is not None
    )


def can_read(user: Any) -> bool:
    return bool(case_permissions.roles(user) & READERS)


def handles(user: Any, letter: Any) -> bool:
    """Whether ``user`` handles ``letter``: an inspector of its receiving agency."""
    return can_work(user) and getattr(user, "agency_id", None) == letter.agency_id


def identity_protected(classification: str) -> bool:
    """A denouncer's identity is kept secret (Luật Tố cáo 2018 Art. 9(1)(b), 47–48 [U: article
    numbers]); a letter not yet classified may be a denunciation, so it is kept secret too."""
    return classification in ("", rules.Classification.DENUNCIATION)


def can_see_names(user: Any, letter: Any) -> bool:
    """The senders' names: readers see them on the letters whose class is known and is not a
    denunciation; the denouncer's (or the not yet classified letter's) only those who handle
    it."""
    if identity_protected(letter.classification):
        return handles(user, letter)
    return can_read(user)


def can_see_senders(user: Any, letter: Any) -> bool:
    """The senders' identification numbers, phones and addresses: those who handle the letter,
    and the auditors for a letter whose senders' names they may see."""
    if handles(user, letter):
        return True
    return can_see_names(user, letter) and Role.AUDITOR in case_permissions.roles(user)


def can_see_citizen(user: Any, session: Any) -> bool:
    """The name of a citizen received: hidden from those who do not handle the agency's letters
    when what was raised is (or may be) a denunciation."""
    classification = session.classification
    if session.letter_id is not None and session.letter is not None:
        classification = session.letter.classification or classification
    if identity_protected(classification):
        return handles(user, session)
    return can_read(user)
