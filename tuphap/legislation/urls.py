from __future__ import annotations

from django.urls import path

from tuphap.legislation import programme_urls, views

app_name = "legislation"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("<int:document_id>/", views.document_detail, name="detail"),
    path("<int:document_id>/akn.xml", views.document_akn, name="akn"),
    path("<int:document_id>/propose/", views.obligations_propose, name="propose"),
    path("obligations/overdue/", views.overdue, name="overdue"),
    path("obligations/proposals/", views.proposals, name="proposals"),
    path("obligations/<int:obligation_id>/decide/", views.obligation_decide, name="decide"),
]
urlpatterns += programme_urls.urlpatterns  # the law-making programme and appraisal

# Checking and review of promulgated documents.
from tuphap.legislation import checking_views  # noqa: E402

urlpatterns += [
    path("checks/", checking_views.check_list, name="checks"),
    path("checks/open/", checking_views.check_open, name="check_open"),
    path("checks/<int:case_id>/", checking_views.check_detail, name="check"),
    path("checks/<int:case_id>/<slug:step>/", checking_views.check_step, name="check_step"),
    path("reviews/", checking_views.review_list, name="reviews"),
    path("reviews/<int:task_id>/", checking_views.review_detail, name="review"),
]
