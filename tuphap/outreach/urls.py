from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from tuphap.outreach import views
from tuphap.outreach.dissemination import views as dissemination
from tuphap.outreach.mediation import views as mediation
from tuphap.outreach.people import views as people

app_name = "outreach"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    # -- people
    path("roster/", people.roster, name="roster"),
    path("roster/reporters/new/", people.disseminator_new, name="disseminator_new"),
    path("roster/mediators/new/", people.mediator_new, name="mediator_new"),
    path(
        "roster/mediators/<id:mediator_id>/training/",
        people.mediator_training,
        name="mediator_training",
    ),
    # -- dissemination
    path("sessions/", dissemination.session_list, name="session_list"),
    path("sessions/new/", dissemination.session_new, name="session_new"),
    path("sessions/<id:session_id>/", dissemination.session_detail, name="session"),
    path("campaigns/new/", dissemination.campaign_new, name="campaign_new"),
    path("sessions/import/", dissemination.session_import, name="session_import"),
    path(
        "sessions/import/template.<str:kind>",
        dissemination.session_import_template,
        name="session_import_template",
    ),
    # -- mediation
    path("mediation/", mediation.workqueue, name="workqueue"),
    path("mediation/book/", mediation.book_list, name="book"),
    path("mediation/book/new/", mediation.case_new, name="case_new"),
    path("mediation/book/<id:case_id>/", mediation.case_detail, name="case"),
    path("mediation/book/<id:case_id>/assign/", mediation.case_assign, name="case_assign"),
    path("mediation/book/<id:case_id>/start/", mediation.case_start, name="case_start"),
    path("mediation/book/<id:case_id>/session/", mediation.case_meeting, name="case_meeting"),
    path("mediation/book/<id:case_id>/conclude/", mediation.case_conclude, name="case_conclude"),
    path("mediation/book/<id:case_id>/refuse/", mediation.case_refuse, name="case_refuse"),
    path("mediation/book/<id:case_id>/follow-up/", mediation.case_follow_up, name="case_follow_up"),
    path("mediation/teams/", mediation.team_list, name="team_list"),
    path("mediation/teams/new/", mediation.team_new, name="team_new"),
    path("mediation/teams/<id:team_id>/", mediation.team_detail, name="team"),
    path("mediation/teams/<id:team_id>/members/", mediation.member_add, name="member_add"),
    path("mediation/teams/<id:team_id>/leave/", mediation.member_leave, name="member_leave"),
    path("mediation/teams/<id:team_id>/stop/", mediation.mediator_stop, name="mediator_stop"),
]
