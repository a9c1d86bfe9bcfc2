"""Pages for certificates and extracts: issuing them (the officer), downloading the PDF, finding
any entry to issue a copy of its extract, and the public verification page (no sign-in). Also the
registration page, which shows the entry, its amendment form and its papers: it sits here, above
the registration area, because it joins both (docs/adr/0012)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.accounts import jurisdiction
from tuphap.civil_status.extracts import certificates, forms, selectors
from tuphap.civil_status.extracts import services as extract_services
from tuphap.civil_status.extracts import views as extract_views
from tuphap.civil_status.extracts.models import Extract
from tuphap.civil_status.registration import forms as registration_forms
from tuphap.civil_status.registration import permissions, readable, services
from tuphap.civil_status.registration import selectors as registration_selectors
from tuphap.civil_status.registration.models import Registration
from tuphap.core import audit
from tuphap.core.errors import AccessDenied, DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.places.models import AdministrativeUnit, Level


def own_communes(user: Any) -> Any:
    """The communes an officer may issue from today."""
    units = jurisdiction.covered_units(user)
    base = AdministrativeUnit.objects.valid_on(timezone.localdate()).filter(level=Level.COMMUNE)
    if units is not None:
        base = base.filter(pk__in=units.values("id"))
    return base.order_by("name")


def issue_form(
    user: Any, registration: Registration, data: Any = None
) -> forms.ExtractIssueForm | None:
    """The form on the registration page, for an officer; ``None`` for anyone else."""
    if (
        not permissions.can_issue_extract(user)
        or registration.status != Registration.Status.REGISTERED
    ):
        return None
    return forms.ExtractIssueForm(
        data,
        communes=own_communes(user),
        can_issue_original=jurisdiction.covers(user, registration.commune),
    )


def _report(request: HttpRequest, form: forms.ExtractIssueForm, error: DomainError | None) -> None:
    """Form or service errors as messages, each naming its field."""
    reasons: list[str] = []
    if error is not None:
        reasons = [f"{name}: {reason}" for name, items in error.fields.items() for reason in items]
        reasons = reasons or [error.message]
    else:
        for name, items in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            reasons += [f"{label}: {reason}" if label else str(reason) for reason in items]
    for reason in reasons:
        messages.error(request, reason)


def _issue(
    request: HttpRequest, registration: Registration, form: forms.ExtractIssueForm, kind: str
) -> HttpResponse | None:
    """Issue from the posted form; ``None`` after reporting the errors."""
    if not form.is_valid():
        _report(request, form, None)
        return None
    data = form.cleaned_data
    try:
        extract = extract_services.extract_issue(
            actor=request.user,
            registration=registration,
            kind=kind or data["kind"],
            copies=data["copies"],
            issuing_commune=data["issuing_commune"],
            signer_name=data["signer_name"] or None,
            signer_title=data["signer_title"] or None,
        )
    except DomainError as error:
        _report(request, form, error)
        return None
    messages.success(
        request,
        _("Issued: %(title)s, verification code %(code)s.")
        % {"title": extract.title, "code": extract.code},
    )
    return redirect("civil_status:extract", extract_id=extract.pk)


@login_required
@require_POST
def extract_issue(request: HttpRequest, registration_id: int) -> HttpResponse:
    """Issue from an entry of the officer's jurisdiction (original or copies)."""
    try:
        registration = registration_selectors.registration_get_for_user(
            request.user, registration_id
        )
    except AccessDenied:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None
    form = issue_form(request.user, registration, request.POST)
    if form is None:
        raise PermissionDenied
    response = _issue(request, registration, form, "")
    return response or redirect("civil_status:registration", registration_id=registration.pk)


@login_required
def copy_lookup(request: HttpRequest) -> HttpResponse:
    """Find any entry of the country by the numbers on the citizen's paper, to issue a copy of
    its extract (Luật Hộ tịch Art. 63–64). Each entry shown is an audited read."""
    if not permissions.can_issue_extract(request.user):
        raise PermissionDenied
    form = forms.CopyLookupForm(request.GET or None)
    found: list[Registration] = []
    if form.is_valid():
        found = selectors.registration_find_for_copy(request.user, **form.cleaned_data)
        for registration in found:
            audit.record_read(
                actor=request.user,
                action="civil_status.registration.viewed_for_copy",
                obj=registration,
            )
    return render(
        request,
        "civil_status/copy_lookup.html",
        {
            "form": form,
            "found": found,
            "searched": form.is_bound and form.is_valid(),
            "communes": own_communes(request.user),
        },
    )


@login_required
@require_POST
def copy_issue(request: HttpRequest, registration_id: int) -> HttpResponse:
    """Issue copies of the extract of any entry (the copy exception to jurisdiction)."""
    try:
        registration = selectors.registration_get_for_copy(request.user, registration_id)
    except AccessDenied:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None
    audit.record_read(
        actor=request.user, action="civil_status.registration.viewed_for_copy", obj=registration
    )
    form = forms.ExtractIssueForm(request.POST, communes=own_communes(request.user))
    response = _issue(request, registration, form, Extract.Kind.COPY)
    return response or redirect("civil_status:copy_lookup")


def _extract(request: HttpRequest, extract_id: int) -> Extract:
    try:
        return selectors.extract_get_for_user(request.user, extract_id)
    except AccessDenied:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None


@login_required
def extract_detail(request: HttpRequest, extract_id: int) -> HttpResponse:
    extract = _extract(request, extract_id)
    return render(
        request,
        "civil_status/extract_detail.html",
        {"extract": extract, "printed": extract.snapshot},
    )


def pdf_response(extract: Extract) -> HttpResponse:
    pdf = certificates.render_pdf(
        extract, verification_url=certificates.verification_url(extract.code)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificates.file_name(extract)}"'
    return response


@login_required
def extract_pdf(request: HttpRequest, extract_id: int) -> HttpResponse:
    """The issued paper as PDF. The download is an audited read of personal data."""
    extract = _extract(request, extract_id)
    audit.record_read(actor=request.user, action="civil_status.extract.downloaded", obj=extract)
    return pdf_response(extract)


# -- public verification (no sign-in) -----------------------------------------------------------


def verify_form(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("verify:result", code=code)
    return render(request, "civil_status/verify.html", {"searched": False})


def verify_result(request: HttpRequest, code: str) -> HttpResponse:
    verification = extract_services.extract_verify(code=code)
    context: dict[str, Any] = {"searched": True, "code": code, "verification": verification}
    if verification is None:
        return render(request, "civil_status/verify.html", context, status=404)
    printed = verification.extract.snapshot
    context["printed"] = printed
    context["dates"] = {
        name: datetime.date.fromisoformat(value) if value else None
        for name, value in (
            ("registered_on", printed["registered_on"]),
            ("issued_on", printed["issued_on"]),
            ("date_of_birth", printed["person"]["date_of_birth"]),
        )
    }
    return render(request, "civil_status/verify.html", context)


def _registration(request: HttpRequest, registration_id: int) -> Registration:
    try:
        return registration_selectors.registration_get_for_user(request.user, registration_id)
    except AccessDenied:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None


@login_required
def registration_detail(request: HttpRequest, registration_id: int) -> HttpResponse:
    """An entry as registered, its amendments, and (for the officer) the amendment form."""
    registration = _registration(request, registration_id)
    can_amend = permissions.can_register(request.user) and jurisdiction.covers(
        request.user, registration.commune
    )
    form = registration_forms.AmendForm(request.POST or None, registration=registration)
    if request.method == "POST":
        if not can_amend:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.registration_amend(
                    actor=request.user,
                    registration=registration,
                    kind=data["kind"],
                    reason=data["reason"],
                    legal_basis=data["legal_basis"],
                    changes=form.changes(),
                    decision_reference=data["decision_reference"],
                )
            except DomainError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The amendment was recorded."))
                return redirect("civil_status:registration", registration_id=registration.pk)
    return render(
        request,
        "civil_status/registration_detail.html",
        {
            "registration": registration,
            "current": readable.rows(registration.current_details()),
            "amendments": registration.amendments.select_related("author").order_by("number"),
            "form": form if can_amend else None,
            "extracts": selectors.extracts_of_registration(request.user, registration),
            "issue_form": extract_views.issue_form(request.user, registration),
        },
    )
