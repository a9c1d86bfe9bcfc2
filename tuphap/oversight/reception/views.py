"""The pages of citizen reception and letters: the reception desk (register a letter, with the
duplicates shown as one types), the workqueue, the letters, a letter with its actions, the
reception sessions, and Biểu 01/XLD."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tuphap.accounts.models import Agency
from tuphap.core.errors import AccessDenied, DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.oversight.reception import (
    forms,
    imports,
    permissions,
    rules,
    selectors,
    services,
    slips,
)
from tuphap.oversight.reception.models import Letter
from tuphap.statistics import review as statistics_review


def _require_reader(request: HttpRequest) -> None:
    if not permissions.can_read(request.user):
        raise PermissionDenied


def _require_worker(request: HttpRequest) -> None:
    if not permissions.can_work(request.user):
        raise PermissionDenied


def _agency(request: HttpRequest) -> Agency:
    agency: Agency = getattr(request.user, "agency", None) or Agency()
    return agency


def _letter(request: HttpRequest, letter_id: int, *, audit_read: bool = True) -> Letter:
    try:
        return selectors.letter_get_for_user(request.user, letter_id, audit_read=audit_read)
    except NotFound as error:
        raise Http404(str(error)) from None


@login_required
def letter_queue(request: HttpRequest) -> HttpResponse:
    _require_worker(request)
    rows = selectors.workqueue(request.user)
    return render(request, "oversight/reception_queue.html", {"rows": rows})


@login_required
def letter_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    classification = request.GET.get("classification") or None
    if classification not in (None, "none", *rules.Classification.values):
        classification = None
    handling = request.GET.get("handling") or None
    if handling not in (None, "open", *rules.Handling.values):
        handling = None
    letters = selectors.letter_list_for_user(
        request.user,
        search=request.GET.get("q") or None,
        classification=classification,
        handling=handling,
    )
    # A review figure's drill-down (ADR 0018): the letters it counts, in the reader's view.
    drill, errors = statistics_review.read_drill(request.GET, selectors.LETTER_DRILL_FIGURES)
    total = None
    if errors:
        letters = letters.none()
    elif drill is not None:
        letters, total = selectors.letter_drill(drill, letters)
    page = Paginator(letters, 25).get_page(request.GET.get("page"))
    for letter in page:
        letter.shown_senders = (  # type: ignore[attr-defined]
            [s.full_name for s in letter.senders.all()]
            if permissions.can_see_names(request.user, letter)
            else None
        )
    return render(
        request,
        "oversight/reception_letter_list.html",
        {
            "page": page,
            "classifications": rules.Classification.choices,
            "handlings": rules.Handling.choices,
            "classification": classification,
            "handling": handling,
            "can_work": permissions.can_work(request.user),
            **statistics_review.drill_context(drill, errors, page.paginator.count, total),
        },
        status=400 if errors else 200,
    )


@login_required
def letter_new(request: HttpRequest) -> HttpResponse:
    """The reception desk: one form, registered in under a minute."""
    _require_worker(request)
    form = forms.LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        same = None
        if form.cleaned_data.get("same_matter_as"):
            same = (
                selectors.letters_for_user(request.user)
                .filter(pk=form.cleaned_data["same_matter_as"], agency=_agency(request))
                .first()
            )
        try:
            letter = services.letter_register(
                actor=request.user, data=form.letter_data(), same_matter_as=same
            )
        except DomainError as error:
            show_errors(form, _on_desk_fields(error))
        else:
            if letter.duplicate_of_id:
                messages.warning(
                    request,
                    _(
                        "Registered as %(letter)s, a duplicate of letter %(original)s "
                        "(not counted again)."
                    )
                    % {"letter": letter, "original": letter.duplicate_of},
                )
            else:
                messages.success(request, _("Letter %(letter)s registered.") % {"letter": letter})
            if "another" in request.POST:
                return redirect("oversight:letter_new")
            return redirect("oversight:letter", letter_id=letter.pk)
    return render(request, "oversight/reception_desk.html", {"form": form})


def _on_desk_fields(error: DomainError) -> DomainError:
    """The service names the senders ``senders[0].pin``…; the desk shows the first sender's
    fields on their own inputs and the others' on the "other senders" box."""
    fields: dict[str, list[str]] = {}
    for name, reasons in error.fields.items():
        if name.startswith("senders[0]."):
            target = name.removeprefix("senders[0].")
        elif name.startswith("senders["):
            target = "others"
        else:
            target = name
        fields.setdefault(target, []).extend(reasons)
    return DomainError(error.message, fields=fields, code=error.code)


@login_required
@require_GET
def letter_duplicates(request: HttpRequest) -> HttpResponse:
    """The duplicate candidates of what is being typed at the desk (an htmx fragment)."""
    _require_worker(request)
    content = request.GET.get("content", "")
    pin = request.GET.get("pin", "")
    name = request.GET.get("full_name", "")
    address = request.GET.get("address", "")
    try:
        day = datetime.date.fromisoformat(request.GET.get("received_on", ""))
    except ValueError:
        day = timezone.localdate()
    keys = [rules.sender_key(name, pin, address)] if (name.strip() or pin.strip()) else []
    for line in request.GET.get("others", "").splitlines()[: services.MAX_SENDERS]:
        parts = [part.strip() for part in line.split(";")] + ["", ""]
        if parts[0] or parts[1]:
            keys.append(rules.sender_key(parts[0], parts[1], parts[2]))
    rows = services.duplicate_candidates(
        agency=_agency(request), content=content, sender_keys=keys, received_on=day
    )
    return render(request, "oversight/reception_duplicates.html", {"rows": rows})


@login_required
def letter_detail(request: HttpRequest, letter_id: int) -> HttpResponse:
    _require_reader(request)
    letter = _letter(request, letter_id)
    mine = permissions.can_work(request.user) and letter.agency_id == _agency(request).pk
    open_ = mine and not letter.handling and letter.duplicate_of_id is None
    outside = open_ and letter.competence == rules.Competence.OUTSIDE
    context: dict[str, Any] = {
        "letter": letter,
        "senders": letter.senders.all(),
        "actions": letter.actions.select_related("to_agency", "by"),
        "duplicates": letter.duplicates.all(),
        "same_matter": letter.same_matter.all(),
        "receptions": letter.receptions.all(),
        "show_names": permissions.can_see_names(request.user, letter),
        "show_identity": permissions.can_see_senders(request.user, letter),
        "due_on": rules.handling_due(letter.received_on),
        "classify_form": forms.ClassifyForm() if open_ and not letter.classification else None,
        "reclassify_form": forms.ClassifyForm() if open_ and letter.classification else None,
        "guide_form": forms.GuideForm() if outside else None,
        "transfer_form": forms.TransferForm() if outside else None,
        "urge_form": forms.UrgeForm()
        if mine
        and letter.handling in (rules.Handling.TRANSFERRED, rules.Handling.ACCEPTED)
        and letter.duplicate_of_id is None
        else None,
        "transferred_before": services.transferred_before(letter) if outside else None,
        "slips": slips.available(letter) if permissions.can_see_names(request.user, letter) else [],
    }
    return render(request, "oversight/reception_letter_detail.html", context)


@login_required
@require_GET
def letter_slip(request: HttpRequest, letter_id: int, kind: str) -> HttpResponse:
    """The guidance or transfer slip of a letter as DOCX (audited)."""
    _require_reader(request)
    try:
        letter, data = selectors.letter_slip_for_user(request.user, letter_id, kind)
    except NotFound as error:
        raise Http404(str(error)) from None
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from None
    response = HttpResponse(data, content_type=slips.CONTENT_TYPE)
    prefix = "phieu-huong-dan" if kind == "guidance" else "phieu-chuyen-don"
    name = f"{prefix}-{letter.number}-{letter.year}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _act(
    request: HttpRequest, letter_id: int, form_class: Any, act: Any, done: str
) -> HttpResponse:
    _require_worker(request)
    letter = _letter(request, letter_id, audit_read=False)
    form = form_class(request.POST)
    if not form.is_valid():
        for name, reasons in form.errors.items():
            for reason in reasons:
                messages.error(
                    request, f"{form.fields[name].label if name in form.fields else name}: {reason}"
                )
        return redirect("oversight:letter", letter_id=letter.pk)
    try:
        act(letter, form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
        for name, reasons in error.fields.items():
            label = form.fields[name].label if name in form.fields else name
            for reason in reasons:
                messages.error(request, f"{label}: {reason}")
    else:
        messages.success(request, done)
    return redirect("oversight:letter", letter_id=letter.pk)


@login_required
@require_POST
def letter_classify(request: HttpRequest, letter_id: int) -> HttpResponse:
    def act(letter: Letter, data: dict[str, Any]) -> None:
        services.letter_classify(
            actor=request.user,
            letter=letter,
            classification=data["classification"],
            field=data.get("field") or "",
            competence=data.get("competence") or "",
            ineligible_reason=data.get("ineligible_reason") or "",
            note=data.get("note") or "",
            on=data["on"],
        )

    return _act(request, letter_id, forms.ClassifyForm, act, _("The letter was classified."))


@login_required
@require_POST
def letter_guide(request: HttpRequest, letter_id: int) -> HttpResponse:
    def act(letter: Letter, data: dict[str, Any]) -> None:
        services.letter_guide(
            actor=request.user,
            letter=letter,
            to_name=data["to_name"],
            guidance=data.get("guidance") or "",
            on=data["on"],
        )

    return _act(request, letter_id, forms.GuideForm, act, _("The sender was guided."))


@login_required
@require_POST
def letter_transfer(request: HttpRequest, letter_id: int) -> HttpResponse:
    def act(letter: Letter, data: dict[str, Any]) -> None:
        services.letter_transfer(
            actor=request.user,
            letter=letter,
            to_agency=data.get("to_agency"),
            to_name=data.get("to_name") or "",
            note=data.get("note") or "",
            on=data["on"],
        )

    return _act(request, letter_id, forms.TransferForm, act, _("The letter was transferred."))


@login_required
@require_POST
def letter_urge(request: HttpRequest, letter_id: int) -> HttpResponse:
    def act(letter: Letter, data: dict[str, Any]) -> None:
        services.letter_urge(
            actor=request.user, letter=letter, note=data.get("note") or "", on=data["on"]
        )

    return _act(request, letter_id, forms.UrgeForm, act, _("The resolution was urged."))


@login_required
def reception_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    sessions = selectors.sessions_for_user(request.user).order_by("-held_on", "-id")
    # A review figure's drill-down (ADR 0018): the sessions it counts, in the reader's view.
    drill, errors = statistics_review.read_drill(request.GET, selectors.RECEPTION_DRILL_FIGURES)
    if errors:
        sessions = sessions.none()
    elif drill is not None:
        sessions = sessions.filter(selectors.reception_drill(drill))
    page = Paginator(sessions, 25).get_page(request.GET.get("page"))
    for session in page:
        session.name_shown = permissions.can_see_citizen(  # type: ignore[attr-defined]
            request.user, session
        )
    return render(
        request,
        "oversight/reception_list.html",
        {
            "page": page,
            "can_work": permissions.can_work(request.user),
            **statistics_review.drill_context(drill, errors, page.paginator.count),
        },
        status=400 if errors else 200,
    )


@login_required
def reception_new(request: HttpRequest) -> HttpResponse:
    _require_worker(request)
    form = forms.ReceptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.reception_record(
                actor=request.user, data=form.reception_data(), letter_data=form.letter_data()
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The reception was recorded."))
            if session.letter_id:
                return redirect("oversight:letter", letter_id=session.letter_id)
            return redirect("oversight:reception_list")
    return render(request, "oversight/reception_new.html", {"form": form})


@login_required
def letter_report(request: HttpRequest) -> HttpResponse:
    """Biểu 01/XLD, computed from the records for the chosen window (the year to date by
    default)."""
    _require_reader(request)
    today = timezone.localdate()
    form = forms.ReportForm(request.GET or {"start": today.replace(month=1, day=1), "end": today})
    report = None
    if form.is_valid():
        report = selectors.xld01(request.user, form.cleaned_data["start"], form.cleaned_data["end"])
    fields = [
        (value, label, report.values[f"field.{value}"] if report else 0)
        for value, label in rules.Field.choices
    ]
    return render(
        request,
        "oversight/reception_report.html",
        {
            "form": form,
            "report": report,
            # The template reads "within_complaint" for "within.complaint".
            "v": {k.replace(".", "_"): n for k, n in report.values.items()} if report else {},
            "fields": fields,
        },
    )


@login_required
def letter_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX of letters; a report of every bad row, or the number registered.
    Nothing is written when one row is bad."""
    _require_worker(request)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                result = imports.import_file(
                    path, actor=request.user, dry_run=form.cleaned_data["dry_run"]
                )
            except imports.ImportRefused as refused:
                errors = refused.errors
                status = 400
            else:
                text = (
                    _("The file is valid: %(count)d letters would be registered.")
                    if result.dry_run
                    else _("%(count)d letters were registered (%(duplicates)d duplicates linked).")
                )
                messages.success(
                    request, text % {"count": result.letters, "duplicates": result.duplicates}
                )
                return redirect("oversight:letter_import")
    return render(
        request,
        "oversight/reception_import.html",
        {"form": form, "errors": errors, "columns": imports.COLUMNS},
        status=status,
    )
