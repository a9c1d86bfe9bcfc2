from __future__ import annotations

from django.urls import path

from tuphap.civil_status.applications import views as application_views
from tuphap.civil_status.extracts import views as extract_views
from tuphap.civil_status.registration import views

app_name = "civil_status"
urlpatterns = [
    path("", views.today, name="today"),
    path("births/new/", views.birth_new, name="birth_new"),
    path("deaths/new/", views.death_new, name="death_new"),
    path("marriages/new/", views.marriage_new, name="marriage_new"),
    path("guardianships/new/", views.guardianship_new, name="guardianship_new"),
    path("search/", views.search, name="search"),
    path("pins-pending/", views.pins_pending, name="pins_pending"),
    path("persons/<id:person_id>/", views.person_detail, name="person"),
    path(
        "registrations/<id:registration_id>/",
        extract_views.registration_detail,
        name="registration",
    ),
    path(
        "registrations/<id:registration_id>/extracts/new/",
        extract_views.extract_issue,
        name="extract_issue",
    ),
    path(
        "registrations/<id:registration_id>/copies/new/",
        extract_views.copy_issue,
        name="copy_issue",
    ),
    path("copies/", extract_views.copy_lookup, name="copy_lookup"),
    path("extracts/<id:extract_id>/", extract_views.extract_detail, name="extract"),
    path("extracts/<id:extract_id>/pdf/", extract_views.extract_pdf, name="extract_pdf"),
    path("books/", views.book_list, name="book_list"),
    path("books/<id:book_id>/", views.book_detail, name="book"),
    path("applications/", application_views.application_list, name="application_list"),
    path("applications/new/", application_views.application_new, name="application_new"),
    path(
        "applications/<id:application_id>/",
        application_views.application_detail,
        name="application",
    ),
    path(
        "applications/<id:application_id>/slip/",
        application_views.application_slip,
        name="application_slip",
    ),
    path(
        "applications/<id:application_id>/<slug:action>/",
        application_views.application_action,
        name="application_action",
    ),
]
