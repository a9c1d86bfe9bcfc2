"""The navigation by area. A register app adds its pages by appending to an area's links in its
``AppConfig.ready`` (``navigation.add_link``); the shell itself knows no register."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass
class Link:
    label: str | Promise
    url_name: str
    roles: frozenset[str] = frozenset()  # empty: every signed-in user


@dataclass
class Area:
    key: str
    label: str | Promise
    links: list[Link] = field(default_factory=list)


AREAS: list[Area] = [
    Area("legislation", _("Legislation")),
    Area("enforcement", _("Enforcement")),
    Area("civil_status", _("Civil status")),
    Area("legal_aid", _("Legal aid")),
    Area("outreach", _("Outreach")),
    Area("oversight", _("Oversight")),
    Area("statistics", _("Statistics")),
    Area("audit", _("Audit")),
    Area("administration", _("Administration")),
]


def add_link(area_key: str, link: Link) -> None:
    for area in AREAS:
        if area.key == area_key:
            if all(existing.url_name != link.url_name for existing in area.links):
                area.links.append(link)
            return
    raise KeyError(area_key)
