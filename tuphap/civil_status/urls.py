from __future__ import annotations

from django.urls import path

from tuphap.civil_status import views

app_name = "civil_status"
urlpatterns = [
    path("", views.today, name="today"),
    path("births/new/", views.birth_new, name="birth_new"),
    path("deaths/new/", views.death_new, name="death_new"),
    path("marriages/new/", views.marriage_new, name="marriage_new"),
    path("search/", views.search, name="search"),
    path("pins-pending/", views.pins_pending, name="pins_pending"),
    path("persons/<int:person_id>/", views.person_detail, name="person"),
    path(
        "registrations/<int:registration_id>/",
        views.registration_detail,
        name="registration",
    ),
    path("books/", views.book_list, name="book_list"),
    path("books/<int:book_id>/", views.book_detail, name="book"),
]
