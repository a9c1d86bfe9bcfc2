from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuphap.core.errors import NotFound
from tuphap.places import crosswalk, selectors
from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level

PAGE_SIZE = 50


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )
    at = forms.DateField(
        label=_("Valid on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = form.cleaned_data
    at: datetime.date = filters.get("at") or timezone.localdate()
    units = selectors.unit_list(at=at, level=filters.get("level") or None, query=filters.get("q"))
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "places/unit_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "at": at},
    )


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    try:
        unit = selectors.unit_get(unit_id=unit_id)
    except NotFound as error:
        raise Http404(error.message) from error
    # Old units show what they became on 1 July 2025; new ones what they were made from.
    old_end = REORGANISATION_DATE - datetime.timedelta(days=1)
    became: list[tuple[AdministrativeUnit, str]] = []
    made_from: list[tuple[AdministrativeUnit, str]] = []
    if unit.is_valid_on(old_end):
        became = crosswalk.successors(unit, REORGANISATION_DATE)
    else:
        made_from = crosswalk.predecessors(unit, old_end)
    became = [(other, kind) for other, kind in became if other.pk != unit.pk]
    made_from = [(other, kind) for other, kind in made_from if other.pk != unit.pk]
    return render(
        request,
        "places/unit_detail.html",
        {"unit": unit, "became": became, "made_from": made_from},
    )
