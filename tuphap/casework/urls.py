from __future__ import annotations

from django.urls import path

from tuphap.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.workqueue, name="workqueue"),
    path("notifications/", views.notifications, name="notifications"),
    path("time-in-state/", views.time_in_state, name="time_in_state"),
    path("cases/", views.case_list, name="cases"),
    path("<id:case_id>/", views.case_detail, name="case"),
    path("<id:case_id>/transition/", views.case_transition, name="transition"),
    path("<id:case_id>/assign/", views.case_assign, name="assign"),
    path("<id:case_id>/pause/", views.case_pause, name="pause"),
    path("<id:case_id>/resume/", views.case_resume, name="resume"),
    path("<id:case_id>/extend/", views.case_extend, name="extend"),
]
