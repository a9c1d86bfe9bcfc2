"""The shell: landing page, health and readiness checks, error pages. No domain logic here."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tuphap.core import dashboard
from tuphap.core.errors import error_body

logger = logging.getLogger("tuphap.web")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    cards = [
        {"template_name": card.template_name, "context": context}
        for card, context in dashboard.cards_for(request)
    ]
    return render(
        request,
        "web/home.html",
        {"roles": sorted(user.roles.all(), key=lambda role: role.role), "cards": cards},
    )


def health(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing else, so that a database outage does not
    get healthy web processes restarted (readiness says whether to send them traffic)."""
    return JsonResponse({"status": "ok"})


_migrated = False  # once true, stays true for the life of the process (a deploy restarts it)


def _unapplied_migrations() -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers and every migration is applied. 503 in the one error
    shape otherwise."""
    global _migrated  # a per-process cache of a fact that only ever becomes true
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        unapplied = 0 if _migrated else _unapplied_migrations()
    except DatabaseError:
        logger.exception("readiness: the database does not answer")
        body = error_body("database_unavailable", _("The database does not answer."))
        return JsonResponse(body, status=503)
    if unapplied:
        message = _("Migrations not applied yet: %(count)d.") % {"count": unapplied}
        return JsonResponse(error_body("migrations_pending", message), status=503)
    _migrated = True
    return JsonResponse({"status": "ready", "database": connection.vendor, "migrations": "applied"})


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("forbidden", _("You may not do this.")), status=403)
    return render(
        request,
        "web/error.html",
        {
            "status": 403,
            "title": _("Access denied"),
            "text": _("This page lies outside your role or jurisdiction."),
        },
        status=403,
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return render(
        request,
        "web/error.html",
        {
            "status": 404,
            "title": _("Page not found"),
            "text": _("The address is wrong, or the record is not in your jurisdiction."),
        },
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(error_body("server_error", _("Internal error.")), status=500)
    return render(
        request,
        "web/error.html",
        {
            "status": 500,
            "title": _("Something went wrong"),
            "text": _(
                "The error was logged. Please try again, or tell the administrator "
                "the time it happened."
            ),
        },
        status=500,
    )
