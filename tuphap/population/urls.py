from __future__ import annotations

from django.urls import path

from tuphap.population import views

app_name = "population"
urlpatterns = [
    path("reconciliation", views.reconciliation, name="reconciliation"),
    path("messages/<id:message_id>", views.message_detail, name="message"),
    path("messages/<id:message_id>/retry", views.message_retry, name="message-retry"),
    path("messages/<id:message_id>/correct", views.message_correct, name="message-correct"),
    path("messages/<id:message_id>/resolve", views.message_resolve, name="message-resolve"),
]
