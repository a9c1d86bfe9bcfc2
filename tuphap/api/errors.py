"""The one error shape of the API:

    {"error": {"code": "invalid", "message": "…", "fields": {"amount": ["…"]}, "request_id": "…"}}

``fields`` is present (possibly empty) on every error so that clients need one parser.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from tuphap.core.errors import DomainError, error_body


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into ``{"field.sub": ["reason", …]}``."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, reasons in _flatten(value, name).items():
                fields.setdefault(field, []).extend(reasons)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            fields[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for field, reasons in _flatten(item, name).items():
                    fields.setdefault(field, []).extend(reasons)
    else:
        fields[prefix or "non_field_errors"] = [str(detail)]
    return fields


def exception_handler(exc: Exception, _context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let Django's 500 handling (and logging) take it
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = str(exc.auth_header)  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        names = ", ".join(sorted(fields))
        message = _("Invalid input: %(fields)s.") % {"fields": names}
        return Response(error_body("invalid", message, fields), status=exc.status_code)
    detail = exc.detail
    message = str(detail) if not isinstance(detail, dict | list) else str(exc.default_detail)
    code = exc.default_code if isinstance(exc.default_code, str) else "error"
    if exc.status_code == status.HTTP_401_UNAUTHORIZED:
        code = "not_authenticated"
    return Response(error_body(code, message), status=exc.status_code, headers=headers)
