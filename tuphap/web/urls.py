from __future__ import annotations

from django.urls import path

from tuphap.web import operations, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("operations/", operations.operations, name="operations"),
]
