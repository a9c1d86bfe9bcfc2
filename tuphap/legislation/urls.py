from __future__ import annotations

from django.urls import path

from tuphap.legislation import developed
from tuphap.legislation.checking import views as checking
from tuphap.legislation.documents import views as documents
from tuphap.legislation.programme import views as programme

app_name = "legislation"
urlpatterns = [
    # Documents and their detailing obligations.
    path("", documents.document_list, name="list"),
    path("<id:document_id>/", documents.document_detail, name="detail"),
    path("<id:document_id>/akn.xml", documents.document_akn, name="akn"),
    path("<id:document_id>/propose/", documents.obligations_propose, name="propose"),
    path("obligations/overdue/", documents.overdue, name="overdue"),
    path("obligations/proposals/", documents.proposals, name="proposals"),
    path("obligations/<id:obligation_id>/decide/", documents.obligation_decide, name="decide"),
    # The review figure that joins both: drafts submitted and circulars promulgated.
    path("developed/", developed.developed_list, name="developed"),
    # The law-making programme, proposals, drafts and appraisal.
    path("programme/", programme.programme_current, name="programme_current"),
    path("programme/<int:year>/", programme.programme_detail, name="programme"),
    path("programme/items/<id:item_id>/", programme.item_detail, name="programme_item"),
    path(
        "programme/items/<id:item_id>/<slug:action>/",
        programme.item_status,
        name="programme_item_status",
    ),
    path("dossiers/", programme.dossier_list, name="dossier_list"),
    path("dossiers/new/", programme.dossier_new, name="dossier_new"),
    path("dossiers/appraisals-due/", programme.appraisals_due, name="appraisals_due"),
    path("dossiers/<id:case_id>/", programme.dossier_detail, name="dossier"),
    path("dossiers/<id:case_id>/<slug:transition>/", programme.dossier_step, name="dossier_step"),
    # Checking and review of promulgated documents.
    path("checks/", checking.check_list, name="checks"),
    path("checks/open/", checking.check_open, name="check_open"),
    path("checks/<id:case_id>/", checking.check_detail, name="check"),
    path("checks/<id:case_id>/<slug:step>/", checking.check_step, name="check_step"),
    path("reviews/", checking.review_list, name="reviews"),
    path("reviews/<id:task_id>/", checking.review_detail, name="review"),
]
