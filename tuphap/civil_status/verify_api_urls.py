"""The public verification API (no sign-in): ``/api/v1/verify/<code>``."""

from __future__ import annotations

from django.urls import path

from tuphap.civil_status.extracts import apis as extract_apis

urlpatterns = [
    path("<str:code>", extract_apis.ExtractVerifyApi.as_view(), name="extract-verify"),
]
