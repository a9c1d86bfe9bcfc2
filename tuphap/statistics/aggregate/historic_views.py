"""The statistician's pages for historic figures of past periods (ADR 0016): the uploads, the
template download, the upload of a filled workbook (every bad cell listed, nothing stored),
an upload's figures by indicator and its approval, rejection or withdrawal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.core.errors import AccessDenied, Conflict, NotFound, ValidationFailed
from tuphap.places.models import Level
from tuphap.statistics.aggregate import historic, historic_xlsx, permissions
from tuphap.statistics.aggregate.models import HistoricBatch, HistoricStatus
from tuphap.statistics.aggregate.xlsx import UploadRefused
from tuphap.statistics.registry import registry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _forbidden(request: HttpRequest, text: str) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"status": 403, "title": _("Access denied"), "text": text},
        status=403,
    )


def _context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = request.user
    page = Paginator(historic.batch_list_for_user(user), 50).get_page(request.GET.get("page"))
    return {
        "page": page,
        "indicators": registry.stored(),
        "levels": [(level, Level(level).label) for level in historic_xlsx.LEVELS],
        "can_load": permissions.can_load_historic(user),
        "chosen": request.GET.getlist("indicators"),
        **extra,
    }


@login_required
def historic_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_historic(request.user):
        return _forbidden(request, _("Historic figures are loaded and read at the ministry."))
    return render(request, "statistics/historic_list.html", _context(request))


@login_required
def historic_template(request: HttpRequest) -> HttpResponse:
    """The workbook for the chosen indicators, level (and province) and past periods."""
    if not permissions.can_load_historic(request.user):
        return _forbidden(
            request, _("Only the ministry's statistics officer loads historic figures.")
        )
    try:
        wanted = historic_xlsx.template_request(
            indicators=request.GET.getlist("indicators"),
            level=request.GET.get("level", ""),
            province=request.GET.get("province"),
            period_codes=request.GET.get("periods", ""),
        )
    except ValidationFailed as error:
        context = _context(request, template_errors=error.fields)
        return render(request, "statistics/historic_list.html", context, status=400)
    response = HttpResponse(historic_xlsx.template(wanted), content_type=XLSX)
    name = f"historic-{wanted.level}-{wanted.periods[0].code}-{wanted.periods[-1].code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def historic_upload(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the filled workbook to upload."))
        return redirect("statistics:historic")
    try:
        batch = historic_xlsx.upload(
            actor=request.user,
            handle=upload,
            title=request.POST.get("title", ""),
            file_name=upload.name or "",
        )
    except AccessDenied as error:
        return _forbidden(request, error.message)
    except UploadRefused as refused:
        messages.error(
            request,
            _("Nothing was stored: %(count)s cells of the workbook are not valid.")
            % {"count": len(refused.errors)},
        )
        context = _context(request, upload_errors=refused.errors)
        return render(request, "statistics/historic_list.html", context, status=400)
    except ValidationFailed as error:
        details = " ".join(reason for reasons in error.fields.values() for reason in reasons)
        messages.error(request, f"{error.message} {details}")
        return redirect("statistics:historic")
    messages.success(
        request,
        _("%(count)s figures were read and submitted for approval.")
        % {"count": batch.figure_count},
    )
    return redirect("statistics:historic_batch", batch_id=batch.pk)


def _batch(request: HttpRequest, batch_id: int) -> HistoricBatch:
    try:
        return historic.batch_get_for_user(request.user, batch_id)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
def historic_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    user = request.user
    summary = [
        {"row": row, "name": registry.get(row.indicator).name if row.indicator in registry else ""}
        for row in historic.summary_of(batch)
    ]
    pending = batch.status == HistoricStatus.SUBMITTED
    return render(
        request,
        "statistics/historic_batch.html",
        {
            "batch": batch,
            "summary": summary,
            "events": batch.events.select_related("actor"),
            "can_decide": pending
            and permissions.can_approve_historic(user)
            and batch.uploaded_by_id != user.pk,
            "can_withdraw": batch.status == HistoricStatus.APPROVED
            and permissions.can_withdraw_historic(user),
        },
    )


def _step(request: HttpRequest, batch_id: int, step: str) -> HttpResponse:
    batch = _batch(request, batch_id)
    comment = request.POST.get("comment", "")
    try:
        if step == "approve":
            historic.batch_approve(actor=request.user, batch=batch, comment=comment)
            text = _("The figures were approved; reports use them where no record exists.")
        elif step == "reject":
            historic.batch_reject(actor=request.user, batch=batch, comment=comment)
            text = _("The figures were rejected.")
        else:
            historic.batch_withdraw(actor=request.user, batch=batch, comment=comment)
            text = _("The figures were withdrawn; reports no longer use them.")
    except AccessDenied as error:
        return _forbidden(request, error.message)
    except ValidationFailed as error:
        details = " ".join(reason for reasons in error.fields.values() for reason in reasons)
        messages.error(request, f"{error.message} {details}")
        return redirect("statistics:historic_batch", batch_id=batch.pk)
    except Conflict as error:
        messages.error(request, error.message)
        return redirect("statistics:historic_batch", batch_id=batch.pk)
    messages.success(request, text)
    return redirect("statistics:historic_batch", batch_id=batch.pk)


@login_required
@require_POST
def historic_approve(request: HttpRequest, batch_id: int) -> HttpResponse:
    return _step(request, batch_id, "approve")


@login_required
@require_POST
def historic_reject(request: HttpRequest, batch_id: int) -> HttpResponse:
    return _step(request, batch_id, "reject")


@login_required
@require_POST
def historic_withdraw(request: HttpRequest, batch_id: int) -> HttpResponse:
    return _step(request, batch_id, "withdraw")
