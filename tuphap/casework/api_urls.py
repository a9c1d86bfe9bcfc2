from __future__ import annotations

from django.urls import path

from tuphap.casework import apis

urlpatterns = [
    path("", apis.CaseListApi.as_view(), name="api-cases"),
    path("workqueue", apis.CaseWorkqueueApi.as_view(), name="api-cases-workqueue"),
    path("notifications", apis.NotificationListApi.as_view(), name="api-case-notifications"),
    path(
        "notifications/read", apis.NotificationReadApi.as_view(), name="api-case-notifications-read"
    ),
    path("analytics/time-in-state", apis.TimeInStateApi.as_view(), name="api-cases-time-in-state"),
    path("<id:case_id>", apis.CaseDetailApi.as_view(), name="api-case"),
    path(
        "<id:case_id>/transitions", apis.CaseTransitionsApi.as_view(), name="api-case-transitions"
    ),
    path("<id:case_id>/assign", apis.CaseAssignApi.as_view(), name="api-case-assign"),
    path("<id:case_id>/pause", apis.CasePauseApi.as_view(), name="api-case-pause"),
    path("<id:case_id>/resume", apis.CaseResumeApi.as_view(), name="api-case-resume"),
    path("<id:case_id>/extend", apis.CaseExtendApi.as_view(), name="api-case-extend"),
]
