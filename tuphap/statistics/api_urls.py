from __future__ import annotations

from django.urls import path

from tuphap.statistics import apis

urlpatterns = [
    path("indicators", apis.IndicatorListApi.as_view(), name="api-statistics-indicators"),
    path("report", apis.ReportApi.as_view(), name="api-statistics-report"),
]
