"""Page routes of the law-making programme and appraisal, included by ``urls``."""

from __future__ import annotations

from django.urls import path

from tuphap.legislation import programme_views as views

urlpatterns = [
    path("programme/", views.programme_current, name="programme_current"),
    path("programme/<int:year>/", views.programme_detail, name="programme"),
    path("programme/items/<int:item_id>/", views.item_detail, name="programme_item"),
    path(
        "programme/items/<int:item_id>/<slug:action>/",
        views.item_status,
        name="programme_item_status",
    ),
    path("dossiers/", views.dossier_list, name="dossier_list"),
    path("dossiers/new/", views.dossier_new, name="dossier_new"),
    path("dossiers/appraisals-due/", views.appraisals_due, name="appraisals_due"),
    path("dossiers/<int:case_id>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:case_id>/<slug:transition>/", views.dossier_step, name="dossier_step"),
]
