from __future__ import annotations

from django.urls import path

from tuphap.legal_aid.cases import views
from tuphap.legal_aid.providers import views as providers

app_name = "legal_aid"
urlpatterns = [
    path("", views.workqueue, name="workqueue"),
    path("cases/", views.case_list, name="case_list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("new/", views.request_new, name="request_new"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("book.xlsx", views.book_xlsx, name="book"),
    path("import/", views.import_page, name="import"),
    path("import/template.<str:kind>", views.import_template, name="import_template"),
    path("<id:case_id>/", views.case_detail, name="case"),
    path("<id:case_id>/accept/", views.case_accept, name="accept"),
    path("<id:case_id>/assign/", views.case_assign, name="assign"),
    path("<id:case_id>/step/", views.case_step, name="step"),
    path("<id:case_id>/evaluate/", views.case_evaluate, name="evaluate"),
    path("<id:case_id>/papers/", views.case_papers, name="papers"),
    # -- providers
    path("performers/", providers.roster, name="roster"),
    path("performers/new/", providers.performer_new, name="performer_new"),
    path("organisations/new/", providers.organisation_new, name="organisation_new"),
]
