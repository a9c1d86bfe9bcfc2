"""Domain errors. Services raise these; the API turns each into one error shape and the web
views into a form error or a message. The class decides the HTTP status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tuphap.core import context


class DomainError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        fields: Mapping[str, Sequence[str] | str] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, list[str]] = {
            name: [reasons] if isinstance(reasons, str) else list(reasons)
            for name, reasons in (fields or {}).items()
        }
        if code is not None:
            self.code = code


class ValidationFailed(DomainError):
    """Bad input: HTTP 400, naming each field and the reason."""

    status_code = 400
    code = "invalid"


class AccessDenied(DomainError):
    status_code = 403
    code = "forbidden"


class NotFound(DomainError):
    """Also used for what exists but lies outside the user's jurisdiction."""

    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    """The request is valid but not allowed in the current state (e.g. a case transition)."""

    status_code = 409
    code = "conflict"


@dataclass
class FieldErrors:
    """A service's collector of bad fields: it checks every field, keeps the first reason for
    each, and refuses once with all of them (one ``ValidationFailed``, HTTP 400)."""

    fields: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationFailed(_("Some fields are not valid."), fields=dict(self.fields))


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """The one error shape, for the API and for the JSON answers of the web views."""
    return {
        "error": {
            "code": code,
            "message": message,
            "fields": fields or {},
            "request_id": context.current().request_id,
        }
    }
