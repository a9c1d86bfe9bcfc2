from __future__ import annotations

from django.urls import path

from tuphap.statistics import views

app_name = "statistics"
urlpatterns = [
    path("report", views.report, name="report"),
    path("report/issue", views.issue, name="issue"),
    path("issued/", views.versions, name="versions"),
    path("issued/<id:version_id>/", views.version, name="version"),
]
