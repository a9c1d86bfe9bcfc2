"""The annual review's page and files (ADR 0018): picked by year and place from menus; the
figures are those of the reader's jurisdiction."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tuphap.accounts import jurisdiction
from tuphap.accounts.models import Agency
from tuphap.core import audit
from tuphap.core.errors import AccessDenied
from tuphap.places.models import AdministrativeUnit, Boundaries, Level
from tuphap.statistics import permissions, review, review_export
from tuphap.statistics.review import Review

FIRST_YEAR = 2021  # the government term 2021–2026


class ReviewForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    province = forms.TypedChoiceField(
        label=gettext_lazy("Place"), coerce=int, required=False, empty_value=None
    )
    boundaries = forms.ChoiceField(
        label=gettext_lazy("Boundaries"), choices=Boundaries.choices, required=False
    )
    agency = forms.TypedChoiceField(
        label=gettext_lazy("Agency"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        years = range(today.year, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        self.fields["year"].initial = review.default_year(today)
        provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True)
        units = jurisdiction.covered_units(user)
        choices: list[tuple[Any, str]] = []
        if units is None:
            choices.append(("", _("Whole country")))
        else:
            provinces = provinces.filter(id__in=units.values("id"))
        choices += [(unit.pk, unit.name) for unit in provinces.order_by("code")]
        self.fields["province"].choices = choices  # type: ignore[attr-defined]
        self.national = units is None
        # The agencies the reader may see: a province's reader, those of their province.
        self.fields["agency"].choices = [  # type: ignore[attr-defined]
            ("", _("Every agency")),
            *((agency.pk, agency.name) for agency in review.agencies_for(user)),
        ]


def _review(
    request: HttpRequest, only: list[str] | None = None
) -> tuple[ReviewForm, Review | None]:
    if not permissions.can_view_reports(request.user):
        raise PermissionDenied(_("Only users of an agency may read statistics."))
    probe = ReviewForm(user=request.user)
    query = request.GET.copy()
    query.setdefault("year", str(probe.fields["year"].initial))
    choices = probe.fields["province"].choices  # type: ignore[attr-defined]
    if not probe.national and not query.get("province") and choices:
        query["province"] = str(choices[0][0])  # a province's reader: their own province
    form = ReviewForm(query, user=request.user)
    if not form.is_valid():
        return form, None
    data: dict[str, Any] = form.cleaned_data
    place = AdministrativeUnit.objects.get(pk=data["province"]) if data.get("province") else None
    if place is None and not form.national:
        form.add_error("province", _("Choose your province."))
        return form, None
    agency = Agency.objects.get(pk=data["agency"]) if data.get("agency") else None
    try:
        built = review.build(
            request.user,
            year=data["year"],
            place=place,
            boundaries=data.get("boundaries") or Boundaries.NEW,
            only=only,
            agency=agency,
        )
    except AccessDenied as error:
        form.add_error("agency" if "agency" in error.fields else "province", error.message)
        return form, None
    return form, built


def _context(form: ReviewForm, built: Review | None, base: str = "") -> dict[str, Any]:
    sections = []
    for section in built.sections if built else ():
        sections.append(
            {
                "section": section,
                "rows": review_export.table_rows(built, section)[1:] if built else [],
                "figures": section.figures,
                "chart": review_export.section_chart(section),
                "has_targets": any(figure.target is not None for figure in section.figures),
            }
        )
    return {
        "form": form,
        "review": built,
        "sections": sections,
        "drilldowns": review_export.drilldown_rows(built, base) if built else [],
    }


@login_required
def page(request: HttpRequest) -> HttpResponse:
    form, built = _review(request)
    context = _context(form, built)
    context["query"] = request.GET.urlencode()
    if built is not None:
        context["versions"] = list(
            review.versions(request.user, built.year, built.place, built.boundaries, built.agency)
        )
        context["can_issue"] = permissions.can_issue_reports(request.user)
        context["period_end"] = max(
            (review._period(s.section.calendar, built.year).end for s in built.sections),
            default=built.period.end,
        )
    # A picked agency the reader may not see is refused, as the place outside their jurisdiction.
    status = 400 if built is None and form.errors.get("agency") else 200
    return render(request, "statistics/review.html", context, status=status)


def _base(request: HttpRequest) -> str:
    """The site's address, for the drill-down links of the files (they leave the site)."""
    return request.build_absolute_uri("/").rstrip("/")


@login_required
@require_POST
def issue(request: HttpRequest) -> HttpResponse:
    """Issue the review shown on the page (its year and place are in the query string) as an
    immutable version: an estimate while the year is open, the official one once it closed."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from tuphap.core.errors import Conflict, ValidationFailed

    back = f"{reverse('statistics:review')}?{request.GET.urlencode()}"
    _form, built = _review(request, only=[])
    if built is None:
        messages.error(request, _("Choose the review's year and place."))
        return redirect(back)
    try:
        version = review.review_issue(
            actor=request.user,
            year=built.year,
            place=built.place,
            boundaries=built.boundaries,
            stage=request.POST.get("stage", ""),
            note=request.POST.get("note", "")[:500],
            agency=built.agency,
        )
    except (ValidationFailed, Conflict, AccessDenied) as error:
        reasons = [
            reason
            for value in error.fields.values()
            for reason in ([value] if isinstance(value, str) else value)
        ]
        messages.error(request, f"{error.message} {'; '.join(map(str, reasons))}".strip())
        return redirect(back)
    messages.success(
        request, _("The review was issued as version %(number)s.") % {"number": version.number}
    )
    return redirect("statistics:review_version", version_id=version.pk)


@login_required
def version(request: HttpRequest, version_id: int) -> HttpResponse:
    """An issued review as it stood when issued (never recomputed)."""
    from django.http import Http404

    from tuphap.statistics.models import ReviewVersion

    if not permissions.can_view_reports(request.user):
        raise PermissionDenied(_("Only users of an agency may read statistics."))
    issued = ReviewVersion.objects.select_related("place", "issued_by", "agency").filter(
        pk=version_id
    )
    units = jurisdiction.covered_units(request.user)
    if units is not None:
        # A province's reader sees the reviews of their province, not the nation's or another's.
        issued = issued.filter(place__in=units.values("id"))
    found = issued.first()
    if found is None:
        raise Http404(_("No such issued review."))
    kind = request.GET.get("format") or ""
    if kind in VERSION_FILES:
        return _version_file(request, found, kind)
    sections = [
        {
            **section,
            "cut_off": datetime.date.fromisoformat(section["cut_off"])
            if section.get("cut_off")
            else None,
        }
        for section in found.sections
    ]
    errors = {"format": _("Use one of: %(kinds)s.") % {"kinds": ", ".join(VERSION_FILES)}}
    return render(
        request,
        "statistics/review_version.html",
        {
            "version": found,
            "sections": sections,
            "files": VERSION_FILES,
            "filter_errors": errors if kind else {},
        },
        status=400 if kind else 200,
    )


# The files of an issued version (``?format=``), made from what it stored: its figures and the
# drill-down links they had when issued (ADR 0018), not the records as they are now.
VERSION_FILES = ("docx", "xlsx", "pdf")


def _version_file(request: HttpRequest, found: Any, kind: str) -> HttpResponse:
    built = review.from_version(found)
    base = _base(request)
    if kind == "docx":
        national = found.place is None
        parent = getattr(found.agency, "parent", None)
        body = review_export.docx(
            built,
            agency=found.agency.name,
            superior=parent.name
            if parent is not None
            else ("Chính phủ" if national else "Ủy ban nhân dân tỉnh"),
            number="      /BC-" + ("BTP" if national else "STP"),
            place=found.place.name.replace("Tỉnh ", "").replace("Thành phố ", "")
            if found.place
            else "Hà Nội",
            base=base,
        )
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif kind == "xlsx":
        body = review_export.xlsx(built, base)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = review_export.pdf(built, _context(ReviewForm(user=request.user), built, base))
        content_type = "application/pdf"
    return _download(request, built, body, kind, content_type, version=found)


def _download(
    request: HttpRequest,
    built: Review,
    body: bytes,
    extension: str,
    content_type: str,
    *,
    version: Any = None,
) -> HttpResponse:
    from django.db import transaction

    data = {
        "year": built.year,
        "format": extension,
        "boundaries": built.boundaries,
        "agency": built.agency.pk if built.agency is not None else None,
    }
    if version is not None:
        data.update(version=version.pk, number=version.number, stage=version.stage)
    with transaction.atomic():
        audit.record(
            actor=request.user,
            action="statistics.review.exported",
            obj=version if version is not None else built.place,
            data=data,
        )
    place = built.place.code if built.place else "toan-quoc"
    if built.agency is not None:
        place += f"-{built.agency.code}"
    if version is not None:
        place += f"-v{version.number}"
    response = HttpResponse(body, content_type=content_type)
    name = f"bao-cao-tong-ket-{built.year}-{place}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _agency(request: HttpRequest) -> tuple[str, str]:
    agency: Any = getattr(request.user, "agency", None)
    name = agency.name if agency else "Bộ Tư pháp"
    parent = getattr(agency, "parent", None)
    return name, (parent.name if parent else "")


@login_required
def docx(request: HttpRequest) -> HttpResponse:
    form, built = _review(request)
    if built is None:
        return page(request)
    agency, superior = _agency(request)
    body = review_export.docx(
        built,
        agency=agency,
        superior=superior or ("Chính phủ" if form.national else "Ủy ban nhân dân tỉnh"),
        number="      /BC-" + ("BTP" if form.national else "STP"),
        place=built.place.name.replace("Tỉnh ", "").replace("Thành phố ", "")
        if built.place
        else "Hà Nội",
        base=_base(request),
    )
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return _download(request, built, body, "docx", content_type)


@login_required
def xlsx(request: HttpRequest) -> HttpResponse:
    _form, built = _review(request)
    if built is None:
        return page(request)
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(
        request, built, review_export.xlsx(built, _base(request)), "xlsx", content_type
    )


@login_required
def pdf(request: HttpRequest) -> HttpResponse:
    form, built = _review(request)
    if built is None:
        return page(request)
    body = review_export.pdf(built, _context(form, built, _base(request)))
    return _download(request, built, body, "pdf", "application/pdf")


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=gettext_lazy("Indicator"))
    period = forms.ChoiceField(label=gettext_lazy("Period"))
    province = forms.TypedChoiceField(
        label=gettext_lazy("Place"), coerce=int, required=False, empty_value=None
    )
    value = forms.DecimalField(label=gettext_lazy("Target"), max_digits=20, decimal_places=2)
    basis = forms.CharField(label=gettext_lazy("Assigned by (decision)"), max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from tuphap.statistics.registry import registry

        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            (indicator.code, f"{indicator.name} ({indicator.code})")
            for indicator in registry.all()
            if not indicator.code.startswith("form.")
        ]
        this_year = timezone.localdate().year
        years = range(this_year + 1, FIRST_YEAR - 1, -1)
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            *((f"THADS{year}", _("Enforcement year %(year)s") % {"year": year}) for year in years),
            *((str(year), _("Year %(year)s") % {"year": year}) for year in years),
        ]
        provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True)
        self.fields["province"].choices = [  # type: ignore[attr-defined]
            ("", _("Whole country")),
            *((unit.pk, unit.name) for unit in provinces.order_by("code")),
        ]


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    """The targets the ministry has assigned, and (for the ministry) the form to assign one."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from tuphap.core.errors import ValidationFailed
    from tuphap.statistics import targets
    from tuphap.statistics.models import Target

    if not permissions.can_view_reports(request.user):
        raise PermissionDenied(_("Only users of an agency may read statistics."))
    can_set = targets.can_set_targets(request.user)
    form = TargetForm(request.POST or None) if can_set else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only the ministry assigns targets."))
        if form.is_valid():
            data = form.cleaned_data
            place = AdministrativeUnit.objects.filter(pk=data["province"]).first()
            try:
                targets.target_set(
                    actor=request.user,
                    indicator=data["indicator"],
                    period=data["period"],
                    place=place,
                    value=data["value"],
                    basis=data["basis"],
                )
            except ValidationFailed as error:
                for name, reason in error.fields.items():
                    form.add_error(name if name in form.fields else None, reason)
            except AccessDenied as error:
                raise PermissionDenied(error.message) from error
            else:
                messages.success(request, _("The target is saved."))
                return redirect("statistics:targets")
    units = jurisdiction.covered_units(request.user)
    rows = Target.objects.select_related("place").order_by("-period", "indicator", "place__code")
    if units is not None:
        rows = rows.filter(place__in=units.values("id"))
    return render(
        request, "statistics/targets.html", {"form": form, "rows": rows[:500], "can_set": can_set}
    )


PERIOD_KINDS = (
    ("year", gettext_lazy("Year")),
    ("half", gettext_lazy("Half-year")),
    ("quarter", gettext_lazy("Quarter")),
    ("month", gettext_lazy("Month")),
    ("thads", gettext_lazy("Enforcement year (from 1 October)")),
    ("thads_months", gettext_lazy("Enforcement year, months to date")),
)


class ReportPickForm(forms.Form):
    """A report picked by name, its period from the sector's calendars and its place from the
    reader's jurisdiction; the indicator and period codes are built here, not typed."""

    report = forms.ChoiceField(label=gettext_lazy("Report"))
    kind = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIOD_KINDS)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)
    index = forms.TypedChoiceField(
        label=gettext_lazy("Which"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=gettext_lazy("The half, quarter or month; for the enforcement year, months."),
        choices=[("", "—"), *((n, str(n)) for n in range(1, 13))],
    )
    level = forms.ChoiceField(label=gettext_lazy("Level"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [  # type: ignore[attr-defined]
            (section.code, section.title) for section in review.sections()
        ]
        today = timezone.localdate()
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (year, str(year)) for year in range(today.year, FIRST_YEAR - 2, -1)
        ]
        self.fields["year"].initial = today.year
        from tuphap.statistics.forms import LEVEL_CHOICES

        self.fields["level"].choices = LEVEL_CHOICES  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, index = data.get("kind"), data.get("index")
        limits = {"half": 2, "quarter": 4, "month": 12, "thads_months": 12}
        if kind in limits and (index is None or index > limits[kind]):
            self.add_error("index", _("Choose from 1 to %(count)d.") % {"count": limits[kind]})
        return data

    def period_code(self) -> str:
        data = self.cleaned_data
        year, index = data["year"], data.get("index")
        return {
            "year": f"{year}",
            "half": f"{year}H{index}",
            "quarter": f"{year}Q{index}",
            "month": f"{year}M{index:02d}" if index else "",
            "thads": f"THADS{year}",
            "thads_months": f"THADS{year}M{index:02d}" if index else "",
        }[data["kind"]]


@login_required
def report_pick(request: HttpRequest) -> HttpResponse:
    """Pick a report by name and period; the table is the report page's (experts may still type
    indicator and period codes there)."""
    from urllib.parse import urlencode

    from django.shortcuts import redirect

    form = ReportPickForm(request.GET or None)
    if form.is_bound and form.is_valid():
        section = review.SECTIONS[form.cleaned_data["report"]]
        from tuphap.statistics.registry import registry

        query = [("indicators", code) for code in section.indicators if code in registry]
        query += [("period", form.period_code()), ("level", form.cleaned_data["level"] or "")]
        return redirect(f"{reverse_lazy('statistics:report')}?{urlencode(query)}")
    return render(request, "statistics/report_pick.html", {"form": form})


@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """An area's dashboard, for the reader's jurisdiction: the headline figures against last
    year and the target, the main figure month by month against last year, and by province;
    each chart with its table (for screen readers and for copying)."""
    from django.http import Http404

    from tuphap.core import charts
    from tuphap.core.periods import month, thads_year
    from tuphap.statistics import maps, reports, selectors
    from tuphap.statistics.registry import registry

    section = review.SECTIONS.get(code)
    if section is None:
        raise Http404(_("No such area."))
    form, built = _review(request, only=[code])
    context: dict[str, Any] = {"form": form, "section": section, "review": built}
    if built is None or not built.sections:
        return render(request, "statistics/dashboard.html", context)
    area = next((item for item in built.sections if item.section.code == code), None)
    if area is None:
        return render(request, "statistics/dashboard.html", context)
    main = next(
        (figure for figure in area.figures if figure.unit in ("count", "people", "vnd")), None
    )
    context.update(
        {
            "area": area,
            "main": main,
            "has_targets": any(figure.target is not None for figure in area.figures),
        }
    )
    if main is None:
        return render(request, "statistics/dashboard.html", context)
    year, place = built.year, built.place
    if section.calendar == "thads_year":
        months = thads_year(year).months()
    else:
        months = [datetime.date(year, index, 1) for index in range(1, 13)]
    trend = []
    for first in months:
        query = reports.ReportQuery(
            (main.code,),
            month(first.year, first.month),
            reports.PROVINCE if place is not None else reports.NATION,
            place,
            built.boundaries,
        )
        rows = [
            row
            for row in selectors.report_for_user(request.user, query).rows
            if row["indicator"] == main.code
        ]
        row = next((r for r in rows if r.get("place") is not None), rows[0] if rows else {})
        trend.append((f"{first.month:02d}/{first.year}", row.get("value"), row.get("last_year")))
    unit = registry.get(main.code).unit
    by_province: list[tuple[str, Any]] = []
    if place is None:
        query = reports.ReportQuery(
            (main.code,),
            built.period if section.calendar == "year" else thads_year(year),
            reports.PROVINCE,
            None,
            built.boundaries,
        )
        province_rows = [
            row
            for row in selectors.report_for_user(request.user, query).rows
            if row["indicator"] == main.code
        ]
        by_province = sorted(
            (
                (row.get("place_name") or _("Central level"), row.get("value"))
                for row in province_rows
                if row.get("value")
            ),
            key=lambda item: -(item[1] or 0),
        )
        if by_province:
            # the same figures on the map of the provinces (central level is not a place)
            context["province_map"] = maps.province_map(
                {row["place"]: row.get("value") for row in province_rows if row.get("place")},
                boundaries=built.boundaries,
                unit=unit,
            )
    scale = 1_000_000 if unit == "vnd" else 1  # money charted in millions of đồng
    context.update(
        {
            "trend": trend,
            "trend_chart": charts.hbar_chart(
                [_("This year"), _("Last year")],
                [
                    (
                        label,
                        [int((value or 0) / scale), None if last is None else int(last / scale)],
                    )
                    for label, value, last in trend
                ],
            ),
            "by_province": by_province,
            "province_chart": charts.hbar_chart(
                [str(main.name)],
                [(name, [int((value or 0) / scale)]) for name, value in by_province],
            )
            if by_province
            else None,
            "in_millions": scale > 1,
        }
    )
    return render(request, "statistics/dashboard.html", context)
