"""The civil status officer's pages: the registration forms, today's registrations, the numbers
still pending from the population database, search, a person with their history, the register
books. Views parse, authorise through a selector, call a service, then redirect or render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.accounts import jurisdiction
from tuphap.civil_status.registration import forms, permissions, selectors, services
from tuphap.civil_status.registration.models import Person, Registration
from tuphap.civil_status.registration.persons import PossibleDuplicate
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.population import selectors as population_selectors
from tuphap.statistics import review as statistics_review

ENTERED_FIELDS = (
    "family_name",
    "middle_name",
    "given_name",
    "date_of_birth",
    "mother_name",
    "pin",
)


def _officer(request: HttpRequest) -> None:
    if not permissions.can_register(request.user):
        raise PermissionDenied


def _registration_page(
    request: HttpRequest,
    form: forms._RegistrationForm,
    title: str,
    register: Any,
) -> HttpResponse:
    """Shared flow of the three forms: call ``register(form)``; on a possible duplicate show the
    candidates beside what was entered and ask for the confirmation."""
    candidates: list[Person] = []
    entered: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            registration: Registration = register(form)
        except PossibleDuplicate as error:
            candidates = error.candidates
            prefix = f"{error.party}_" if error.party in ("husband", "wife") else ""
            entered = {
                name: form.cleaned_data.get(f"{prefix}{name}", "") for name in ENTERED_FIELDS
            }
            form.add_error(None, error.message)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Registered: %(book)s, entry %(number)d.")
                % {"book": registration.book.volume_number, "number": registration.entry_number},
            )
            return redirect("civil_status:person", person_id=registration.person_id)
    return render(
        request,
        "civil_status/registration_new.html",
        {
            "form": form,
            "title": title,
            "candidates": candidates,
            "entered": entered,
        },
    )


@login_required
def birth_new(request: HttpRequest) -> HttpResponse:
    _officer(request)
    form = forms.BirthForm(request.POST or None, communes=jurisdiction.communes_for(request.user))

    def register(form: forms.BirthForm) -> Registration:
        data = form.cleaned_data
        mother, father = form.parents()
        return services.birth_register(
            actor=request.user,
            commune=data["commune"],
            child=forms.person_data(data),
            mother=mother,
            father=father,
            declarant=form.declarant(),
            birth_certificate_number=data["birth_certificate_number"],
            re_registration=data["re_registration"],
            different_person_confirmed=data["different_person_confirmed"],
        )

    return _registration_page(request, form, _("Register a birth"), register)


@login_required
def death_new(request: HttpRequest) -> HttpResponse:
    _officer(request)
    form = forms.DeathForm(request.POST or None, communes=jurisdiction.communes_for(request.user))

    def register(form: forms.DeathForm) -> Registration:
        data = form.cleaned_data
        person = None
        deceased = None
        if data["person_id"]:
            try:
                person = selectors.person_get_for_user(request.user, data["person_id"])
            except NotFound as error:
                raise NotFound(error.message, fields={"person_id": error.message}) from None
        else:
            deceased = forms.person_data(data)
        return services.death_register(
            actor=request.user,
            commune=data["commune"],
            person=person,
            deceased=deceased,
            died_on=data["died_on"],
            place_of_death=data["place_of_death"],
            cause=data["cause"],
            death_notice_number=data["death_notice_number"],
            declarant=services.Declarant(data["declarant_name"], data["declarant_relationship"]),
            different_person_confirmed=data["different_person_confirmed"],
        )

    return _registration_page(request, form, _("Register a death"), register)


@login_required
def marriage_new(request: HttpRequest) -> HttpResponse:
    _officer(request)
    form = forms.MarriageForm(
        request.POST or None, communes=jurisdiction.communes_for(request.user)
    )

    def register(form: forms.MarriageForm) -> Registration:
        data = {**form.cleaned_data, "husband_sex": "male", "wife_sex": "female"}
        return services.marriage_register(
            actor=request.user,
            commune=data["commune"],
            husband=forms.person_data(data, "husband_"),
            wife=forms.person_data(data, "wife_"),
            husband_previously_married=data["husband_previously_married"],
            wife_previously_married=data["wife_previously_married"],
            foreign_element=data["foreign_element"],
            different_person_confirmed=data["different_person_confirmed"],
        )

    return _registration_page(request, form, _("Register a marriage"), register)


@login_required
def guardianship_new(request: HttpRequest) -> HttpResponse:
    _officer(request)
    form = forms.GuardianshipRegisterForm(
        request.POST or None, communes=jurisdiction.communes_for(request.user)
    )

    def register(form: forms.GuardianshipRegisterForm) -> Registration:
        data = form.cleaned_data
        parties = {}
        for party in ("ward", "guardian"):
            try:
                parties[party] = selectors.person_get_for_user(request.user, data[f"{party}_id"])
            except NotFound as error:
                raise NotFound(error.message, fields={f"{party}_id": error.message}) from None
        return services.guardianship_register(
            actor=request.user,
            commune=data["commune"],
            ward=parties["ward"],
            guardian=parties["guardian"],
            kind=data["kind"],
            relationship=data["relationship"],
            grounds=data["grounds"],
        )

    return _registration_page(request, form, _("Register a guardianship"), register)


def _readable(request: HttpRequest) -> None:
    if not permissions.can_view_register(request.user):
        raise PermissionDenied


@login_required
def today(request: HttpRequest) -> HttpResponse:
    """The day's registrations; or, for a review figure's drill-down (ADR 0018: ``figure``,
    ``from``/``to``, ``province``, ``agency``), the registrations that figure counts, within
    the reader's jurisdiction."""
    _readable(request)
    drill, errors = statistics_review.read_drill(
        request.GET, selectors.registration_drill_figures()
    )
    if errors:
        registrations = selectors.registration_list_for_user(request.user).none()
    elif drill is not None:
        registrations = (
            selectors.registration_list_for_user(request.user)
            .filter(selectors.registration_drill(drill))
            .order_by("-registered_on", "-id")
        )
    else:
        registrations = selectors.registrations_of_day(request.user)
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "civil_status/today.html",
        {
            "rows": page,
            "page": page,
            "day": timezone.localdate(),
            "can_register": permissions.can_register(request.user),
            "population": population_selectors.reconciliation_counts_for_user(request.user),
            **statistics_review.drill_context(drill, errors, page.paginator.count),
        },
        status=400 if errors else 200,
    )


@login_required
def pins_pending(request: HttpRequest) -> HttpResponse:
    _readable(request)
    page = Paginator(selectors.pins_pending_for_user(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "civil_status/pins_pending.html", {"page": page})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    _readable(request)
    form = forms.SearchForm(request.GET or None)
    persons: list[Person] = []
    entries: list[Registration] = []
    if form.is_valid():
        data = form.cleaned_data
        if data["entry_number"]:
            entries = selectors.registration_find(
                request.user,
                volume_number=data["volume_number"] or "",
                entry_number=data["entry_number"],
            )
        if data["q"] or data["year"]:
            persons = selectors.person_search(
                request.user, query=data["q"] or "", year_of_birth=data["year"]
            )
    return render(
        request,
        "civil_status/search.html",
        {"form": form, "persons": persons, "entries": entries},
    )


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        person = selectors.person_get_for_user(request.user, person_id)
    except AccessDenied:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None
    audit.record_read(actor=request.user, action="civil_status.person.viewed", obj=person)
    history = selectors.person_history(person)
    return render(request, "civil_status/person_detail.html", {"person": person, **history})


@login_required
def book_list(request: HttpRequest) -> HttpResponse:
    _readable(request)
    page = Paginator(selectors.book_list_for_user(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "civil_status/book_list.html", {"page": page})


@login_required
def book_detail(request: HttpRequest, book_id: int) -> HttpResponse:
    _readable(request)
    try:
        book = selectors.book_get_for_user(request.user, book_id)
    except NotFound:
        raise Http404 from None
    entries = Paginator(
        book.entries.select_related("person", "other_person").order_by("entry_number"), 50
    ).get_page(request.GET.get("page"))
    return render(request, "civil_status/book_detail.html", {"book": book, "page": entries})
