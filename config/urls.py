from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView

from tuphap.core.converters import IdConverter
from tuphap.web import views as web_views

register_converter(IdConverter, "id")  # before the apps' routing tables are read

api_v1 = [
    path("", include("tuphap.api.urls")),
    path("calendar/", include("tuphap.core.api_urls")),
    path("places/", include("tuphap.places.api_urls")),
    path("", include("tuphap.accounts.api_urls")),
    path("statistics/", include("tuphap.statistics.api_urls")),
    path("cases/", include("tuphap.casework.api_urls")),
    path("enforcement/", include("tuphap.enforcement.api_urls")),
    path("population/", include("tuphap.population.api_urls")),
    path("civil-status/", include("tuphap.civil_status.api_urls")),
    path("legislation/", include("tuphap.legislation.api_urls")),
    path("legal-aid/", include("tuphap.legal_aid.api_urls")),
    path("oversight/", include("tuphap.oversight.api_urls")),
    path("outreach/", include("tuphap.outreach.api_urls")),
    path("verify/", include("tuphap.civil_status.verify_api_urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("healthz", web_views.health, name="health"),
    path("readyz", web_views.ready, name="ready"),
]

urlpatterns += i18n_patterns(
    path("", include("tuphap.web.urls")),
    path("", include("tuphap.accounts.urls")),
    path("places/", include("tuphap.places.urls")),
    path("statistics/", include("tuphap.statistics.urls")),
    path("cases/", include("tuphap.casework.urls")),
    path("enforcement/", include("tuphap.enforcement.urls")),
    path("population/", include("tuphap.population.urls")),
    path("civil-status/", include("tuphap.civil_status.urls")),
    path("legislation/", include("tuphap.legislation.urls")),
    path("legal-aid/", include("tuphap.legal_aid.urls")),
    path("oversight/", include("tuphap.oversight.urls")),
    path("outreach/", include("tuphap.outreach.urls")),
    path("verify/", include("tuphap.civil_status.verify_urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler403 = "tuphap.web.views.permission_denied"
handler404 = "tuphap.web.views.page_not_found"
handler500 = "tuphap.web.views.server_error"
