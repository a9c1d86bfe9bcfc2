from __future__ import annotations

from django.urls import URLPattern

app_name = "civil_status"
urlpatterns: list[URLPattern] = []
