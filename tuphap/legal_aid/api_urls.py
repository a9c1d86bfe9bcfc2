from __future__ import annotations

from django.urls import path

from tuphap.legal_aid.cases import apis

urlpatterns = [
    path("cases/", apis.LegalAidCaseListApi.as_view(), name="api-legal-aid-cases"),
    path("notices/", apis.NoticeCreateApi.as_view(), name="api-legal-aid-notice"),
    path("cases/<id:case_id>", apis.LegalAidCaseDetailApi.as_view(), name="api-legal-aid-case"),
    path("cases/<id:case_id>/accept", apis.AcceptApi.as_view(), name="api-legal-aid-accept"),
    path("cases/<id:case_id>/assign", apis.AssignApi.as_view(), name="api-legal-aid-assign"),
    path("cases/<id:case_id>/steps", apis.StepApi.as_view(), name="api-legal-aid-step"),
    path(
        "cases/<id:case_id>/evaluation", apis.EvaluateApi.as_view(), name="api-legal-aid-evaluate"
    ),
]
