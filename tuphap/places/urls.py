from __future__ import annotations

from django.urls import path

from tuphap.places import views

app_name = "places"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("<id:unit_id>/", views.unit_detail, name="detail"),
]
