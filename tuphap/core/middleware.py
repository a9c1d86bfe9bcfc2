from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from tuphap.core import context
from tuphap.core.errors import error_body
from tuphap.core.models import IdempotentRequest


class RequestContextMiddleware:
    """Give every request an id (echoed in ``X-Request-ID``) and remember the client address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        supplied = request.headers.get("X-Request-ID", "")
        request_id = supplied if 8 <= len(supplied) <= 64 and supplied.isalnum() else None
        bound_context = context.RequestContext(
            request_id=request_id or context.new_request_id(),
            client_address=request.META.get("REMOTE_ADDR"),
            channel="api" if request.path.startswith("/api/") else "web",
        )
        with context.bound(bound_context):
            response = self.get_response(request)
        response["X-Request-ID"] = bound_context.request_id
        return response


class ApiLanguageMiddleware:
    """API clients choose their language with ``Accept-Language`` (or the language cookie).

    Django's LocaleMiddleware gives every unprefixed path the default language when the pages use
    ``i18n_patterns`` without a prefix for Vietnamese; the API is not under those patterns, so it
    negotiates here instead. Runs after LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


IDEMPOTENCY_HEADER = "Idempotency-Key"


def _sha256(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


# The methods a key protects; any other (GET, TRACE, an unknown verb) goes to the view, which
# answers it (a 405 for a method it does not take) as if no key had been sent.
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _view_takes(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # the resolver answers 404; the key keeps that answer like any other
    view_class = getattr(match.func, "view_class", None)
    return view_class is None or hasattr(view_class, (request.method or "").lower())


class IdempotencyMiddleware:
    """``Idempotency-Key`` on every write of the API. The first request with a key runs in one
    transaction with the row that records its answer; a retry with the same key (from the same
    credentials) and the same method, path and body answers the stored answer without running
    again, even while the first is still running (the retry waits for it); another request
    under the key is a 409. A server error stores nothing and rolls the write back, so the
    client may retry; so does a 401 or 403. Requests without the header are not changed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if (
            key is None
            or request.method not in WRITE_METHODS
            or not request.path.startswith("/api/")
        ):
            return self.get_response(request)
        if not _view_takes(request):  # a method the view does not take: its 405, key or not
            return self.get_response(request)
        credentials = request.headers.get("Authorization") or request.COOKIES.get(
            settings.SESSION_COOKIE_NAME, ""
        )
        if not 1 <= len(key) <= 255 or not key.isprintable():
            return self._refuse(400, "invalid", _("Use a key of 1 to 255 printable characters."))
        if not credentials:
            return self.get_response(request)  # anonymous: nothing to tie the key to
        client = _sha256(credentials.encode())
        fingerprint = _sha256(
            (request.method or "").encode(), request.get_full_path().encode(), request.body
        )
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotentRequest.objects.create(
                        client=client,
                        key=key,
                        fingerprint=fingerprint,
                        method=request.method or "",
                        path=request.path[:500],
                    )
            except IntegrityError:
                return self._replay(client, key, fingerprint)
            response = self.get_response(request)
            # A server error, or a caller the view did not recognise or allow (401, 403): nothing
            # ran, so nothing is kept, and the same key answers afresh once the caller may.
            if (
                response.status_code >= 500
                or response.status_code in (401, 403)
                or response.streaming
            ):
                transaction.set_rollback(True)
                return response
            record.status = response.status_code
            record.content_type = response.get("Content-Type", "")[:100]
            record.body = response.content
            record.save(update_fields=["status", "content_type", "body"])
        return response

    def _replay(self, client: str, key: str, fingerprint: str) -> HttpResponse:
        record = IdempotentRequest.objects.get(client=client, key=key)
        if record.fingerprint != fingerprint:
            return self._refuse(
                409,
                "idempotency_key_reused",
                _("This idempotency key was used for another request."),
            )
        response = HttpResponse(
            bytes(record.body), status=record.status or 200, content_type=record.content_type
        )
        response["Idempotent-Replayed"] = "true"
        return response

    @staticmethod
    def _refuse(status: int, code: str, message: str) -> HttpResponse:
        fields = {IDEMPOTENCY_HEADER: [message]}
        return JsonResponse(error_body(code, message, fields), status=status)
