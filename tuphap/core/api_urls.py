from __future__ import annotations

from django.urls import path

from tuphap.core import apis

urlpatterns = [
    path("deadline", apis.CalendarDeadlineApi.as_view(), name="api-calendar-deadline"),
    path("working-days", apis.CalendarWorkingDaysApi.as_view(), name="api-calendar-working-days"),
]
