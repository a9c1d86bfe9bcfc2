from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularSwaggerView

from tuphap.api import views

urlpatterns = [
    path("", views.ApiRootApi.as_view(), name="api-root"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
