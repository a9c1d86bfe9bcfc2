from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from tuphap.core import context


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
