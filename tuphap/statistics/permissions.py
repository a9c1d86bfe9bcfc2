"""Who may do what with statistics. One function per entity and verb."""

from __future__ import annotations

from typing import Any


def can_view_reports(user: Any) -> bool:
    """Every active user of an agency reads reports, limited to their jurisdiction."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "agency_id", None) is not None
    )
