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
