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

In ``settings.MIDDLEWARE`` each name replaces the one it extends, in the same place. Each is a
subclass of the original, so the checks that want the original (the admin's) still find it, and
every hook of the original runs as before for the requests that are not skipped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import middleware as auth
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.http import HttpRequest, HttpResponseBase, HttpResponseForbidden
from django.middleware import csrf, locale
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django_htmx import middleware as htmx

API_PREFIX = "/api/"

# What a middleware's __call__ answers in the stubs; these classes are sync only, so a response.
_Answer = HttpResponseBase | Awaitable[HttpResponseBase]


def is_api_request(request: HttpRequest) -> bool:
    """A request the API's routes answer (``path_info`` is what the URL resolver reads)."""
    return request.path_info.startswith(API_PREFIX)


def without_browser_state(request: HttpRequest) -> bool:
    """An API request that carries no session cookie: the browser middlewares have no work."""
    return is_api_request(request) and settings.SESSION_COOKIE_NAME not in request.COOKIES


# Each class is sync only (``async_capable = False``): its __call__ is a plain function, so under
# ASGI Django hands it a sync get_response, as it does for the project's other middlewares.


class SessionMiddleware(sessions.SessionMiddleware):
    async_capable = False

    def __call__(self, request: HttpRequest) -> _Answer:
        if without_browser_state(request):
            return self.get_response(request)
        return super().__call__(request)


class CsrfViewMiddleware(csrf.CsrfViewMiddleware):
    async_capable = False

    def __call__(self, request: HttpRequest) -> _Answer:
        if without_browser_state(request):
            return self.get_response(request)
        return super().__call__(request)

    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., HttpResponseBase],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> HttpResponseForbidden | None:
        if without_browser_state(request):
            return None
        return super().process_view(request, callback, callback_args, callback_kwargs)


class AuthenticationMiddleware(auth.AuthenticationMiddleware):
    async_capable = False

    def __call__(self, request: HttpRequest) -> _Answer:
        if without_browser_state(request):
            # What the middleware gives a request without a session; DRF replaces it with the
            # token's user once it authenticates.
            request.user = AnonymousUser()
            return self.get_response(request)
        return super().__call__(request)


class MessageMiddleware(messages.MessageMiddleware):
    async_capable = False

    def __call__(self, request: HttpRequest) -> _Answer:
        if without_browser_state(request):
            return self.get_response(request)
        return super().__call__(request)


class HtmxMiddleware(htmx.HtmxMiddleware):
    async_capable = False

    def __call__(self, request: HttpRequest) -> _Answer:
        if without_browser_state(request):
            return self.get_response(request)
        return super().__call__(request)


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's ``LocaleMiddleware`` for pages; an API request (with or without the session
    cookie) takes its language from ``ApiLanguageMiddleware`` further in, and its answer is
    marked with that language, as Django's middleware marks it."""

    async_capable = False

    def __call__(self, request: HttpRequest) -> _Answer:
        if not is_api_request(request):
            return super().__call__(request)
        response = cast(HttpResponseBase, self.get_response(request))  # sync only: a response
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
