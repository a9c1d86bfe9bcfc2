from __future__ import annotations

from django.urls import path

from tuphap.enforcement.administrative import views as administrative
from tuphap.enforcement.cases import views

app_name = "enforcement"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_new, name="case_new"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("targets/", views.targets, name="targets"),
    path("administrative/", administrative.administrative_list, name="administrative_list"),
    path("administrative/new/", administrative.administrative_new, name="administrative_new"),
    path("<id:case_id>/", views.case_detail, name="case"),
    path("<id:case_id>/classify/", views.case_classify, name="classify"),
    path("<id:case_id>/money/", views.movement_record, name="money"),
]
