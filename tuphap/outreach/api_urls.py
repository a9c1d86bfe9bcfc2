from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from tuphap.outreach.dissemination import apis as dissemination
from tuphap.outreach.mediation import apis as mediation

urlpatterns: list[URLPattern | URLResolver] = [
    path("sessions/", dissemination.SessionListApi.as_view(), name="api-outreach-sessions"),
    path(
        "sessions/<id:session_id>",
        dissemination.SessionDetailApi.as_view(),
        name="api-outreach-session",
    ),
    path(
        "mediation/cases/",
        mediation.MediationCaseListApi.as_view(),
        name="api-outreach-mediation-cases",
    ),
    path(
        "mediation/cases/<id:case_id>",
        mediation.MediationCaseDetailApi.as_view(),
        name="api-outreach-mediation-case",
    ),
    path("mediation/teams/", mediation.TeamListApi.as_view(), name="api-outreach-mediation-teams"),
    path(
        "mediation/cases/<id:case_id>/steps",
        mediation.MediationStepApi.as_view(),
        name="api-outreach-mediation-step",
    ),
]
