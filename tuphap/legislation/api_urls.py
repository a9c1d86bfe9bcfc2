from __future__ import annotations

from django.urls import path

from tuphap.legislation import apis, programme_api_urls

urlpatterns = [
    path("documents/", apis.DocumentSearchApi.as_view(), name="api-legislation-documents"),
    path(
        "documents/<int:document_id>",
        apis.DocumentDetailApi.as_view(),
        name="api-legislation-document",
    ),
    path(
        "documents/<int:document_id>/akn",
        apis.DocumentAknApi.as_view(),
        name="api-legislation-document-akn",
    ),
    path("obligations/", apis.ObligationListApi.as_view(), name="api-legislation-obligations"),
]
urlpatterns += programme_api_urls.urlpatterns  # the law-making programme and appraisal

# Checking and review of promulgated documents.
from tuphap.legislation import checking_apis  # noqa: E402

urlpatterns += [
    path("checks/", checking_apis.CheckListApi.as_view(), name="api-legislation-checks"),
    path("checks/open", checking_apis.CheckOpenApi.as_view(), name="api-legislation-check-open"),
    path(
        "checks/<int:case_id>", checking_apis.CheckDetailApi.as_view(), name="api-legislation-check"
    ),
    path(
        "checks/<int:case_id>/precheck",
        checking_apis.CheckPrecheckApi.as_view(),
        name="api-legislation-check-precheck",
    ),
    path(
        "checks/<int:case_id>/examine",
        checking_apis.CheckExamineApi.as_view(),
        name="api-legislation-check-examine",
    ),
    path(
        "checks/<int:case_id>/request",
        checking_apis.CheckRequestApi.as_view(),
        name="api-legislation-check-request",
    ),
    path(
        "checks/<int:case_id>/outcome",
        checking_apis.CheckOutcomeApi.as_view(),
        name="api-legislation-check-outcome",
    ),
    path(
        "checks/<int:case_id>/close",
        checking_apis.CheckCloseApi.as_view(),
        name="api-legislation-check-close",
    ),
    path("reviews/", checking_apis.ReviewTaskListApi.as_view(), name="api-legislation-reviews"),
    path(
        "reviews/<int:task_id>",
        checking_apis.ReviewTaskDetailApi.as_view(),
        name="api-legislation-review",
    ),
    path(
        "reviews/<int:task_id>/items/<int:item_id>",
        checking_apis.ReviewItemRecordApi.as_view(),
        name="api-legislation-review-item",
    ),
]
