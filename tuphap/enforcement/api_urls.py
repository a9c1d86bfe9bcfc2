from __future__ import annotations

from django.urls import path

from tuphap.enforcement.administrative import apis as administrative
from tuphap.enforcement.cases import apis

urlpatterns = [
    path("cases", apis.EnforcementCaseListApi.as_view(), name="api-enforcement-cases"),
    path("cases/open", apis.EnforcementCaseOpenApi.as_view(), name="api-enforcement-case-open"),
    path(
        "cases/<id:case_id>", apis.EnforcementCaseDetailApi.as_view(), name="api-enforcement-case"
    ),
    path(
        "cases/<id:case_id>/classify",
        apis.EnforcementCaseClassifyApi.as_view(),
        name="api-enforcement-case-classify",
    ),
    path(
        "cases/<id:case_id>/money",
        apis.MovementRecordApi.as_view(),
        name="api-enforcement-case-money",
    ),
    path(
        "administrative",
        administrative.AdministrativeJudgmentOpenApi.as_view(),
        name="api-enforcement-administrative-open",
    ),
    path(
        "administrative/<id:case_id>",
        administrative.AdministrativeJudgmentDetailApi.as_view(),
        name="api-enforcement-administrative",
    ),
    path(
        "administrative/<id:case_id>/steps",
        administrative.AdministrativeJudgmentStepApi.as_view(),
        name="api-enforcement-administrative-step",
    ),
    path("targets", apis.TargetSetApi.as_view(), name="api-enforcement-targets"),
]
