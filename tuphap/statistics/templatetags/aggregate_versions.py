"""``{% version_chain version %}``: an issued report's approval chain and the buttons the
signed-in user may press (statistics.aggregate.versions)."""

from __future__ import annotations

from typing import Any

from django import template

from tuphap.statistics.aggregate import versions
from tuphap.statistics.aggregate.models import VersionDecision

register = template.Library()


@register.inclusion_tag("statistics/aggregate_version_chain.html", takes_context=True)
def version_chain(context: dict[str, Any], version: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "version": version,
        "status": versions.status_of(version),
        "decisions": list(
            VersionDecision.objects.filter(version=version).select_related("actor", "agency")
        ),
        "can_approve": versions.can_approve(user, version),
        "can_accept": versions.can_accept(user, version),
        "csrf_token": context.get("csrf_token"),
    }
