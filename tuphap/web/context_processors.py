from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from tuphap.core import navigation as nav


def navigation_context(request: HttpRequest) -> list[dict[str, Any]]:
    """The areas and the links the user's roles open. An area without any page yet is listed
    (as coming soon); an area whose pages are all for other roles is left out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    roles = user.role_set() if hasattr(user, "role_set") else frozenset()
    areas = []
    for area in nav.AREAS:
        links = []
        for link in area.links:
            if link.roles and not roles.intersection(link.roles):
                continue
            try:
                url = reverse(link.url_name)
            except NoReverseMatch:
                continue
            links.append({"label": link.label, "url": url, "active": request.path == url})
        if area.links and not links:
            continue  # the area has pages, none for this user's roles: not "coming soon"
        areas.append({"key": area.key, "label": area.label, "links": links})
    return areas


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav_areas": navigation_context(request)}
