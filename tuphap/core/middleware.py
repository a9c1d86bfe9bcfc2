from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
