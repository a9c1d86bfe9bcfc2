"""The reads of the THAHC register, for a user (the case engine's jurisdiction)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tuphap.casework import selectors as case_selectors
from tuphap.casework.models import Case
from tuphap.core.errors import NotFound
from tuphap.enforcement.administrative import workflow as administrative
from tuphap.enforcement.administrative.models import AdministrativeJudgment

# -- THAHC ---------------------------------------------------------------------------------------


def administrative_list_for_user(user: Any, **filters: Any) -> QuerySet[Case]:
    """The administrative judgments followed up that ``user`` may see (the case engine's
    jurisdiction), with their detail."""
    return case_selectors.case_list_for_user(
        user, register=administrative.REGISTER, **filters
    ).select_related("administrative_detail", "place")


def administrative_get_for_user(user: Any, case_id: int) -> AdministrativeJudgment:
    """One administrative judgment followed up, if ``user`` may see it; 404 otherwise."""
    case = case_selectors.case_get_for_user(user, case_id)
    if case.register != administrative.REGISTER:
        raise NotFound(_("No such administrative judgment."))
    detail = AdministrativeJudgment.objects.filter(case=case).first()
    if detail is None:
        raise NotFound(_("No such administrative judgment."))
    detail.case = case
    return detail
