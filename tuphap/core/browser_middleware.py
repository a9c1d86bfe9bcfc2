"""The middlewares only a browser needs, skipped for the API requests that carry no browser state.

A request to ``/api/`` without the session cookie (a client with an API token) has no session to
load, no signed-in user in it, no flash messages and no htmx; and nothing for CSRF to protect: its
only credential is the ``Authorization`` header, which a browser never adds on its own to a
request from another site (and every API view is a DRF view, exempt from the middleware's check;
DRF checks CSRF itself for a session-authenticated call). Running them cost 14 % of a birth
registration (issue 17). Each class here is the Django or django-htmx middleware of the same name,
run as before for every other request, including an API call with the session cookie (the API
docs page, a page's script), so session authentication and its CSRF check work unchanged.

The API keeps what it needs from the shared middlewares (the request id and the audit context,
security headers, ``X-Frame-Options``, the sign-in lockout, idempotency); its language comes from
``ApiLanguageMiddleware``, and ``LocaleMiddleware`` here only marks an API answer with the
language it is in (``Content-Language``, ``Vary: Accept-Language``), as Django's does.

In ``settings.MIDDLEWARE`` each name replaces the one it wraps, in the same place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

API_PREFIX = "/api/"

# The hooks Django's handler collects from a middleware instance besides calling it.
_HOOKS = ("process_view", "process_exception", "process_template_response")


def is_api_request(request: HttpRequest) -> bool:
    """A request the API's routes answer (``path_info`` is what the URL resolver reads)."""
    return request.path_info.startswith(API_PREFIX)


def without_browser_state(request: HttpRequest) -> bool:
    """An API request that carries no session cookie: the browser middlewares have no work."""
    return is_api_request(request) and settings.SESSION_COOKIE_NAME not in request.COOKIES


class _BrowserOnly:
    """Runs ``wrapped`` around the rest of the chain, except for a request without browser state,
    which goes straight on. A wrapped middleware with a hook this class does not forward is
    refused when the chain is built, so a new hook in a new version cannot be lost silently."""

    wrapped: ClassVar[str]
    forwards: ClassVar[tuple[str, ...]] = ()
    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.inner: Any = import_string(self.wrapped)(get_response)
        missing = [
            hook for hook in _HOOKS if hasattr(self.inner, hook) and hook not in self.forwards
        ]
        if missing:
            raise ImproperlyConfigured(f"{self.wrapped} has {missing}, which are not forwarded.")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if without_browser_state(request):
            return self.skipped(request)
        response: HttpResponse = self.inner(request)
        return response

    def skipped(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class SessionMiddleware(_BrowserOnly):
    wrapped = "django.contrib.sessions.middleware.SessionMiddleware"


class CsrfViewMiddleware(_BrowserOnly):
    wrapped = "django.middleware.csrf.CsrfViewMiddleware"
    forwards = ("process_view",)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if without_browser_state(request):
            return None
        answer: HttpResponse | None = self.inner.process_view(request, view, args, kwargs)
        return answer


class AuthenticationMiddleware(_BrowserOnly):
    wrapped = "django.contrib.auth.middleware.AuthenticationMiddleware"

    def skipped(self, request: HttpRequest) -> HttpResponse:
        # What the middleware gives a request without a session; DRF replaces it with the
        # token's user once it authenticates.
        request.user = AnonymousUser()
        return self.get_response(request)


class MessageMiddleware(_BrowserOnly):
    wrapped = "django.contrib.messages.middleware.MessageMiddleware"


class HtmxMiddleware(_BrowserOnly):
    wrapped = "django_htmx.middleware.HtmxMiddleware"


class LocaleMiddleware(_BrowserOnly):
    """Django's ``LocaleMiddleware`` for pages; an API request (with or without the session
    cookie) takes its language from ``ApiLanguageMiddleware`` further in, and its answer is
    marked with that language, as Django's middleware marks it."""

    wrapped = "django.middleware.locale.LocaleMiddleware"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_request(request):
            response: HttpResponse = self.inner(request)
            return response
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
