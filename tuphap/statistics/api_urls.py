from __future__ import annotations

from django.urls import path

from tuphap.statistics import apis

urlpatterns = [
    path("indicators", apis.IndicatorListApi.as_view(), name="api-statistics-indicators"),
    path("report", apis.ReportApi.as_view(), name="api-statistics-report"),
    path("report-versions", apis.ReportVersionListApi.as_view(), name="api-statistics-versions"),
    path(
        "report-versions/<id:version_id>",
        apis.ReportVersionDetailApi.as_view(),
        name="api-statistics-version",
    ),
]
