from __future__ import annotations

from django.urls import path

from tuphap.statistics import apis
from tuphap.statistics.aggregate import apis as forms
from tuphap.statistics.aggregate import historic_apis as historic

urlpatterns = [
    path("indicators", apis.IndicatorListApi.as_view(), name="api-statistics-indicators"),
    path("report", apis.ReportApi.as_view(), name="api-statistics-report"),
    path("report-versions", apis.ReportVersionListApi.as_view(), name="api-statistics-versions"),
    path(
        "report-versions/<id:version_id>",
        apis.ReportVersionDetailApi.as_view(),
        name="api-statistics-version",
    ),
    path("forms", forms.FormReportListApi.as_view(), name="api-statistics-forms"),
    path("forms/<id:report_id>", forms.FormReportDetailApi.as_view(), name="api-statistics-form"),
    path(
        "forms/<id:report_id>/values",
        forms.FormValuesApi.as_view(),
        name="api-statistics-form-values",
    ),
    path(
        "forms/<id:report_id>/steps", forms.FormStepApi.as_view(), name="api-statistics-form-step"
    ),
    path("historic", historic.HistoricBatchListApi.as_view(), name="api-statistics-historic"),
    path(
        "historic/<id:batch_id>",
        historic.HistoricBatchDetailApi.as_view(),
        name="api-statistics-historic-batch",
    ),
    path(
        "historic/<id:batch_id>/steps",
        historic.HistoricBatchStepApi.as_view(),
        name="api-statistics-historic-step",
    ),
]
