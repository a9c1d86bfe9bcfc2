"""The rosters: law reporters and propagandists, mediators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.core.errors import DomainError
from tuphap.core.forms import show_errors
from tuphap.outreach.people import forms, permissions, selectors, services
from tuphap.places.models import AdministrativeUnit, Level


def require_reader(request: HttpRequest) -> None:
    if not permissions.can_read(request.user):
        raise PermissionDenied


def require_worker(request: HttpRequest) -> None:
    if not permissions.can_work(request.user):
        raise PermissionDenied


def places_for(request: HttpRequest) -> QuerySet[AdministrativeUnit]:
    """The place menu: the communes of the user's jurisdiction, and its province for a
    provincial agency."""
    communes = jurisdiction.communes_for(request.user)
    units = jurisdiction.covered_units(request.user)
    today = timezone.localdate()
    provinces = AdministrativeUnit.objects.valid_on(today).filter(level=Level.PROVINCE)
    if units is not None:
        provinces = provinces.filter(pk__in=units.values("id"))
    return AdministrativeUnit.objects.filter(
        Q(pk__in=communes.values("pk")) | Q(pk__in=provinces.values("pk"))
    ).order_by("-level", "name")


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    return render(
        request,
        "outreach/roster.html",
        {
            "disseminators": selectors.disseminators_for(request.user)[:500],
            "mediators": selectors.mediators_for(request.user).prefetch_related("trainings")[:500],
            "can_work": permissions.can_work(request.user),
        },
    )


@login_required
def disseminator_new(request: HttpRequest) -> HttpResponse:
    require_worker(request)
    form = forms.DisseminatorForm(request.POST or None, places=places_for(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        place = data.pop("place")
        try:
            services.disseminator_recognise(
                actor=request.user, place=place, data=services.DisseminatorData(**data)
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Entered in the list."))
            return redirect("outreach:roster")
    return render(
        request,
        "outreach/form.html",
        {"form": form, "title": _("New law reporter or propagandist")},
    )


@login_required
def mediator_new(request: HttpRequest) -> HttpResponse:
    require_worker(request)
    form = forms.MediatorForm(request.POST or None, places=jurisdiction.communes_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        place = data.pop("place")
        try:
            services.mediator_recognise(
                actor=request.user, place=place, data=services.MediatorData(**data)
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The mediator was entered in the list."))
            return redirect("outreach:roster")
    return render(request, "outreach/form.html", {"form": form, "title": _("New mediator")})


@login_required
def mediator_training(request: HttpRequest, mediator_id: int) -> HttpResponse:
    """A mediator's trainings (Art. 9(4)), and a new one recorded."""
    require_worker(request)
    mediator = selectors.mediators_for(request.user).filter(pk=mediator_id).first()
    if mediator is None:
        raise Http404
    form = forms.TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_record(
                actor=request.user, mediator_id=mediator.pk, **form.cleaned_data
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The training was recorded."))
            return redirect("outreach:mediator_training", mediator_id=mediator.pk)
    return render(
        request,
        "outreach/training.html",
        {"mediator": mediator, "trainings": mediator.trainings.all(), "form": form},
    )
