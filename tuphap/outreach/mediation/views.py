"""The mediation pages: the teams with their composition check, a team and its members, the
mediation book, a new matter, a case with its actions, and the workqueue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuphap.accounts import jurisdiction
from tuphap.casework import deadlines as case_deadlines
from tuphap.casework import selectors as case_selectors
from tuphap.core.errors import DomainError, NotFound
from tuphap.core.forms import show_errors
from tuphap.outreach.mediation import forms, selectors, services
from tuphap.outreach.mediation import workflow as book
from tuphap.outreach.mediation.models import MediationCase, Membership, Team
from tuphap.outreach.people import permissions
from tuphap.outreach.people import selectors as people_selectors
from tuphap.outreach.people.models import Mediator
from tuphap.outreach.people.views import require_reader, require_worker
from tuphap.statistics import review as statistics_review


def _today() -> Any:
    return case_deadlines.local_date(timezone.now())


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    teams = selectors.teams_for(request.user)
    if request.GET.get("incomplete") == "1":
        teams = teams.filter(complete=False)
    page = Paginator(teams, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/team_list.html",
        {
            "page": page,
            "can_work": permissions.can_work(request.user),
            "incomplete": request.GET.get("incomplete") == "1",
        },
    )


@login_required
def team_new(request: HttpRequest) -> HttpResponse:
    require_worker(request)
    form = forms.TeamForm(request.POST or None, places=jurisdiction.communes_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The team was created; add its mediators."))
            return redirect("outreach:team", team_id=team.pk)
    return render(request, "outreach/form.html", {"form": form, "title": _("New mediation team")})


def _team(request: HttpRequest, team_id: int) -> Team:
    try:
        return selectors.team_get(request.user, team_id)
    except NotFound as error:
        raise Http404(str(error)) from None


def _free_mediators(request: HttpRequest, team: Team) -> Any:
    return (
        people_selectors.mediators_for(request.user)
        .filter(place=team.place, ended_on__isnull=True)
        .exclude(pk__in=Membership.objects.filter(left_on__isnull=True).values("mediator_id"))
    )


def _team_context(request: HttpRequest, team: Team, **given: Any) -> dict[str, Any]:
    today = _today()
    return {
        "team": team,
        "members": [m for m in team.memberships.select_related("mediator") if m.left_on is None],
        "former": [m for m in team.memberships.select_related("mediator") if m.left_on is not None],
        "can_work": permissions.can_work_in(request.user, team.place),
        "member_form": given.get("member_form")
        or forms.MemberForm(mediators=_free_mediators(request, team), initial={"joined_on": today}),
        "leave_form": given.get("leave_form") or forms.LeaveForm(initial={"left_on": today}),
        "stop_form": given.get("stop_form") or forms.StopForm(initial={"on": today}),
    }


@login_required
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    require_reader(request)
    return render(
        request, "outreach/team_detail.html", _team_context(request, _team(request, team_id))
    )


def _team_act(
    request: HttpRequest, team: Team, form: Any, name: str, call: Callable[[dict[str, Any]], Any]
) -> HttpResponse:
    if form.is_valid():
        try:
            problems = call(form.cleaned_data)
        except DomainError as error:
            show_errors(form, error)
        else:
            for problem in problems or []:
                messages.warning(request, problem)
            messages.success(request, _("The team was updated."))
            return redirect("outreach:team", team_id=team.pk)
    return render(
        request,
        "outreach/team_detail.html",
        _team_context(request, team, **{name: form}),
        status=400,
    )


@login_required
@require_POST
def member_add(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team(request, team_id)
    return _team_act(
        request,
        team,
        forms.MemberForm(request.POST, mediators=_free_mediators(request, team)),
        "member_form",
        lambda d: services.member_add(
            actor=request.user,
            team_id=team.pk,
            mediator_id=d["mediator"].pk,
            joined_on=d["joined_on"],
            is_leader=d["is_leader"],
        ),
    )


@login_required
@require_POST
def member_leave(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team(request, team_id)
    return _team_act(
        request,
        team,
        forms.LeaveForm(request.POST),
        "leave_form",
        lambda d: services.member_leave(
            actor=request.user, team_id=team.pk, mediator_id=d["mediator"], left_on=d["left_on"]
        ),
    )


@login_required
@require_POST
def mediator_stop(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team(request, team_id)

    def stop(d: dict[str, Any]) -> list[str]:
        services.mediator_stop(
            actor=request.user, mediator_id=d["mediator"], on=d["on"], ground=d["ground"]
        )
        team.refresh_from_db()
        return list(team.problems)

    return _team_act(request, team, forms.StopForm(request.POST), "stop_form", stop)


# -- the book ----------------------------------------------------------------------------------


@login_required
def book_list(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    rows = selectors.visible_details(request.user).order_by("-received_on", "-case_id")
    state = request.GET.get("state") or ""
    if state in {s.code for s in book.STATES}:
        rows = rows.filter(case__state=state)
    # A review figure's drill-down (ADR 0018): the matters it counts, in the reader's view.
    drill, errors = statistics_review.read_drill(request.GET, selectors.DRILL_FIGURES)
    if errors:
        rows = rows.none()
    elif drill is not None:
        rows = rows.filter(selectors.case_drill(drill))
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/book_list.html",
        {
            "page": page,
            "rows": [(d, book.SPEC.state_label(d.case.state)) for d in page],
            "states": book.STATES,
            "state": state,
            "can_work": permissions.can_work(request.user),
            **statistics_review.drill_context(drill, errors, page.paginator.count),
        },
        status=400 if errors else 200,
    )


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    require_worker(request)
    teams = selectors.teams_for(request.user).filter(
        place__in=jurisdiction.communes_for(request.user)
    )
    form = forms.MatterForm(
        request.POST or None,
        teams=teams,
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            detail = services.case_receive(
                actor=request.user,
                team_id=data["team"].pk,
                data=services.MatterData(
                    field=data["field"],
                    origin=data["origin"],
                    parties=data["parties"],
                    dispute=data["dispute"],
                    received_at=data["received_at"],
                ),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The matter was entered in the mediation book."))
            return redirect("outreach:case", case_id=detail.case_id)
    return render(
        request,
        "outreach/form.html",
        {"form": form, "title": _("New matter in the mediation book")},
    )


def _detail(request: HttpRequest, case_id: int) -> MediationCase:
    try:
        return selectors.case_get(request.user, case_id)
    except NotFound as error:
        raise Http404(str(error)) from None


def _team_mediators(detail: MediationCase) -> Any:
    return Mediator.objects.filter(
        memberships__team=detail.team, memberships__left_on__isnull=True, ended_on__isnull=True
    ).distinct()


def _case_context(request: HttpRequest, detail: MediationCase, **given: Any) -> dict[str, Any]:
    case = detail.case
    state = case.state
    can_work = permissions.can_work_in(request.user, case.place) and case.agency_id == getattr(
        request.user, "agency_id", None
    )
    mediators = _team_mediators(detail).exclude(pk=detail.mediator_id or 0)
    today = _today()
    return {
        "detail": detail,
        "case": case,
        "state_label": book.SPEC.state_label(state),
        "journal": case_selectors.case_journal(case, book.SPEC),
        "meetings": detail.meetings.all(),
        "days_left": (detail.start_due_on - today).days
        if detail.start_due_on and state == book.ASSIGNED
        else None,
        "can_work": can_work,
        "can_assign": can_work and state in (book.RECEIVED, book.ASSIGNED, book.IN_PROGRESS),
        "can_start": can_work
        and (state == book.ASSIGNED or (state == book.RECEIVED and detail.origin == "witnessed")),
        "can_conclude": can_work and state == book.IN_PROGRESS,
        "can_refuse": can_work and state in (book.RECEIVED, book.ASSIGNED),
        "can_follow_up": can_work and state == book.SUCCESSFUL,
        "assign_form": given.get("assign_form") or forms.AssignForm(mediators=mediators),
        "start_form": given.get("start_form")
        or forms.StartForm(mediators=_team_mediators(detail) if state == book.RECEIVED else None),
        "meeting_form": given.get("meeting_form") or forms.MeetingForm(initial={"held_on": today}),
        "conclude_form": given.get("conclude_form") or forms.ConcludeForm(),
        "refuse_form": given.get("refuse_form") or forms.RefuseForm(),
        "follow_form": given.get("follow_form") or forms.FollowUpForm(initial={"on": today}),
    }


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    require_reader(request)
    try:
        detail = selectors.case_read(request.user, case_id)
    except NotFound as error:
        raise Http404(str(error)) from None
    return render(request, "outreach/case_detail.html", _case_context(request, detail))


def _act(
    request: HttpRequest,
    detail: MediationCase,
    form: Any,
    name: str,
    call: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("outreach:case", case_id=detail.case_id)
    detail = _detail(request, detail.case_id)
    return render(
        request,
        "outreach/case_detail.html",
        _case_context(request, detail, **{name: form}),
        status=400,
    )


@login_required
@require_POST
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    return _act(
        request,
        detail,
        forms.AssignForm(request.POST, mediators=_team_mediators(detail)),
        "assign_form",
        lambda d: services.case_assign(
            actor=request.user, case_id=case_id, mediator_id=d["mediator"].pk, at=d.get("at")
        ),
        _("The mediator was assigned: the mediation begins within 3 days."),
    )


@login_required
@require_POST
def case_start(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    mediators = _team_mediators(detail) if detail.case.state == book.RECEIVED else None
    return _act(
        request,
        detail,
        forms.StartForm(request.POST, mediators=mediators),
        "start_form",
        lambda d: services.case_start(
            actor=request.user,
            case_id=case_id,
            at=d.get("at"),
            mediator_id=d["mediator"].pk if d.get("mediator") else None,
        ),
        _("The mediation has started."),
    )


@login_required
@require_POST
def case_meeting(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    return _act(
        request,
        detail,
        forms.MeetingForm(request.POST),
        "meeting_form",
        lambda d: services.meeting_record(actor=request.user, case_id=case_id, **d),
        _("The mediation session was recorded."),
    )


@login_required
@require_POST
def case_conclude(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    return _act(
        request,
        detail,
        forms.ConcludeForm(request.POST),
        "conclude_form",
        lambda d: services.case_conclude(actor=request.user, case_id=case_id, **d),
        _("The outcome was recorded."),
    )


@login_required
@require_POST
def case_refuse(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    return _act(
        request,
        detail,
        forms.RefuseForm(request.POST),
        "refuse_form",
        lambda d: services.case_refuse(actor=request.user, case_id=case_id, **d),
        _("The matter was refused with its ground."),
    )


@login_required
@require_POST
def case_follow_up(request: HttpRequest, case_id: int) -> HttpResponse:
    detail = _detail(request, case_id)
    return _act(
        request,
        detail,
        forms.FollowUpForm(request.POST),
        "follow_form",
        lambda d: services.follow_up(actor=request.user, case_id=case_id, **d),
        _("The follow-up was recorded."),
    )


@login_required
def workqueue(request: HttpRequest) -> HttpResponse:
    require_worker(request)
    return render(request, "outreach/workqueue.html", {"rows": selectors.workqueue(request.user)})
