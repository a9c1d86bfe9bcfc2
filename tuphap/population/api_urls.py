from __future__ import annotations

from django.urls import path

from tuphap.population import apis

urlpatterns = [
    path(
        "reconciliation",
        apis.ReconciliationListApi.as_view(),
        name="api-population-reconciliation",
    ),
    path(
        "messages/<int:message_id>/retry",
        apis.MessageRetryApi.as_view(),
        name="api-population-message-retry",
    ),
]
