"""The records behind the documents the ministries developed and submitted, or promulgated
(``legislation.central_documents.developed``, the "515 văn bản" of the annual review; ADR
0018): one list of the drafts of central documents submitted (the programme and appraisal
register) and the circulars and joint circulars promulgated (the documents register) that the
figure adds up, in the reader's view, newest first. Both registers are areas of this app; the
figure itself is declared in ``legislation.indicators``.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tuphap.legislation.documents import selectors as documents
from tuphap.legislation.documents.models import Document
from tuphap.legislation.indicators import PROMULGATED_TYPES
from tuphap.legislation.programme import selectors as programme
from tuphap.legislation.programme import workflow
from tuphap.statistics import review as statistics_review
from tuphap.statistics.review import Drill

DRILL_FIGURES = ("developed",)
PAGE_SIZE = 50


@dataclasses.dataclass(frozen=True)
class Row:
    """One draft submitted or one circular promulgated."""

    day: datetime.date
    step: str  # what happened on ``day``: submitted or promulgated
    reference: str  # the submission's reference or the document's number
    title: str
    doc_type: str
    agency: str  # the drafting agency or the issuing body
    url: str


def developed_rows(drill: Drill, user: Any) -> list[Row]:
    """The drafts submitted and the circulars promulgated that ``drill`` counts, as ``user``
    may see them (their dossiers through the case jurisdiction, the documents as the documents
    drill-down shows them)."""
    drafts = programme.drafts_submitted(
        dataclasses.replace(drill, figure="central_submitted"),
        programme.dossier_list_for_user(user, register=workflow.DRAFT),
    ).select_related("legislation_draft__drafting_agency")
    rows = [
        Row(
            case.legislation_draft.submitted_on,
            _("Submitted"),
            case.legislation_draft.submission_reference,
            case.legislation_draft.title,
            case.legislation_draft.get_doc_type_display(),
            case.legislation_draft.drafting_agency.name,
            reverse("legislation:dossier", args=[case.pk]),
        )
        for case in drafts
        if case.legislation_draft.submitted_on is not None
    ]
    circulars = Document.objects.filter(
        documents.document_drill(dataclasses.replace(drill, figure="central"), user),
        doc_type__in=PROMULGATED_TYPES,
    )
    rows.extend(
        Row(
            document.signed_on,
            _("Promulgated"),
            document.number,
            document.title,
            document.get_doc_type_display(),
            document.issuer,
            reverse("legislation:detail", args=[document.pk]),
        )
        for document in circulars
    )
    rows.sort(key=lambda row: (row.day, row.reference), reverse=True)
    return rows


@login_required
def developed_list(request: HttpRequest) -> HttpResponse:
    """The list page a review figure links to (``?figure=developed&from=…&to=…``)."""
    drill, errors = statistics_review.read_drill(request.GET, DRILL_FIGURES)
    if drill is None and not errors:
        # Without a window the page lists the current year's.
        today = timezone.localdate()
        drill = Drill("developed", today.replace(month=1, day=1), today, None, None)
    rows = [] if drill is None else developed_rows(drill, request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "legislation/developed_list.html",
        {"page": page, **statistics_review.drill_context(drill, errors, len(rows))},
        status=400 if errors else 200,
    )
