"""The public verification page of certificates and extracts (no sign-in): ``/verify/``."""

from __future__ import annotations

from django.urls import path

from tuphap.civil_status.extracts import views as extract_views

app_name = "verify"
urlpatterns = [
    path("", extract_views.verify_form, name="form"),
    path("<str:code>/", extract_views.verify_result, name="result"),
]
