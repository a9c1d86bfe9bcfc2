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
