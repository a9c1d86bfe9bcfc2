from __future__ import annotations

from django.urls import path

from tuphap.statistics import views

app_name = "statistics"
urlpatterns = [
    path("report", views.report, name="report"),
]
