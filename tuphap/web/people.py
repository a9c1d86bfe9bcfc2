"""The person page: what the registers hold on one personal identification number, each item
where the reader's jurisdiction allows (ADR 0019). Plumbing only: the registers answer through
``core.people``, which also audits the read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tuphap.core import people
from tuphap.core.errors import ValidationFailed


@login_required
def person(request: HttpRequest) -> HttpResponse:
    if not people.may_look_up(request.user):
        raise PermissionDenied
    entered = request.GET.get("pin", "").strip()
    found: people.PersonFacts | None = None
    error = ""
    status = 200
    if entered:
        try:
            found = people.facts_for(entered, request.user)
        except ValidationFailed as failure:
            error = " ".join(failure.fields.get("pin") or [failure.message])
            status = 400
    return render(
        request,
        "web/person.html",
        {"entered": entered, "found": found, "error": error},
        status=status,
    )
