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
        "reconciliation/counts",
        apis.ReconciliationCountsApi.as_view(),
        name="api-population-reconciliation-counts",
    ),
    path(
        "messages/<id:message_id>",
        apis.MessageDetailApi.as_view(),
        name="api-population-message",
    ),
    path(
        "messages/<id:message_id>/retry",
        apis.MessageRetryApi.as_view(),
        name="api-population-message-retry",
    ),
    path(
        "messages/<id:message_id>/correct",
        apis.MessageCorrectApi.as_view(),
        name="api-population-message-correct",
    ),
    path(
        "messages/<id:message_id>/resolve",
        apis.MessageResolveApi.as_view(),
        name="api-population-message-resolve",
    ),
]
