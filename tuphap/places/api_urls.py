from __future__ import annotations

from django.urls import path

from tuphap.places import apis

urlpatterns = [
    path("", apis.UnitListApi.as_view(), name="api-places"),
    path("<id:unit_id>", apis.UnitDetailApi.as_view(), name="api-place"),
]
