from __future__ import annotations

from django.urls import path

from tuphap.accounts import apis

urlpatterns = [
    path("auth/token", apis.TokenObtainApi.as_view(), name="api-token"),
    path("me", apis.MeApi.as_view(), name="api-me"),
    path("agencies/", apis.AgencyListApi.as_view(), name="api-agencies"),
    path("audit/", apis.AuditEventListApi.as_view(), name="api-audit"),
]
