from __future__ import annotations

from django.urls import path

from tuphap.web import bottlenecks, operations, people, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("operations/", operations.operations, name="operations"),
    path("bottlenecks/", bottlenecks.page, name="bottlenecks"),
    path("bottlenecks.json", bottlenecks.data, name="bottlenecks_json"),
    path("people/", people.person, name="person"),
]
