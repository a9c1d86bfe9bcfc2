from __future__ import annotations

from django.urls import path

from tuphap.legislation.checking import apis as checking
from tuphap.legislation.documents import apis as documents
from tuphap.legislation.programme.apis import appraisal as dossiers
from tuphap.legislation.programme.apis import items as programme

urlpatterns = [
    # Documents and their detailing obligations.
    path("documents/", documents.DocumentSearchApi.as_view(), name="api-legislation-documents"),
    path(
        "documents/<id:document_id>",
        documents.DocumentDetailApi.as_view(),
        name="api-legislation-document",
    ),
    path(
        "documents/<id:document_id>/akn",
        documents.DocumentAknApi.as_view(),
        name="api-legislation-document-akn",
    ),
    path("obligations/", documents.ObligationListApi.as_view(), name="api-legislation-obligations"),
    # The law-making programme, proposals, drafts and appraisal.
    path("programme/", programme.ProgrammeListApi.as_view(), name="api-legislation-programmes"),
    path(
        "programme/create",
        programme.ProgrammeCreateApi.as_view(),
        name="api-legislation-programme-create",
    ),
    path(
        "programme/<int:year>/items/",
        programme.ProgrammeItemListApi.as_view(),
        name="api-legislation-programme-items",
    ),
    path(
        "programme/<int:year>/items/add",
        programme.ProgrammeItemAddApi.as_view(),
        name="api-legislation-programme-item-add",
    ),
    path(
        "programme/items/<id:item_id>",
        programme.ProgrammeItemDetailApi.as_view(),
        name="api-legislation-programme-item",
    ),
    path(
        "programme/items/<id:item_id>/progress",
        programme.ProgrammeItemProgressApi.as_view(),
        name="api-legislation-programme-item-progress",
    ),
    path(
        "programme/items/<id:item_id>/postpone",
        programme.ProgrammeItemPostponeApi.as_view(),
        name="api-legislation-programme-item-postpone",
    ),
    path(
        "programme/items/<id:item_id>/withdraw",
        programme.ProgrammeItemWithdrawApi.as_view(),
        name="api-legislation-programme-item-withdraw",
    ),
    path(
        "programme/items/<id:item_id>/adopt",
        programme.ProgrammeItemAdoptApi.as_view(),
        name="api-legislation-programme-item-adopt",
    ),
    path("drafts/", dossiers.DossierListApi.as_view(), name="api-legislation-drafts"),
    path("drafts/open", dossiers.DossierOpenApi.as_view(), name="api-legislation-draft-open"),
    path(
        "drafts/appraisals-due",
        dossiers.AppraisalsDueApi.as_view(),
        name="api-legislation-appraisals-due",
    ),
    path("drafts/<id:case_id>", dossiers.DossierDetailApi.as_view(), name="api-legislation-draft"),
    # Checking and review of promulgated documents.
    path("checks/", checking.CheckListApi.as_view(), name="api-legislation-checks"),
    path("checks/open", checking.CheckOpenApi.as_view(), name="api-legislation-check-open"),
    path("checks/<id:case_id>", checking.CheckDetailApi.as_view(), name="api-legislation-check"),
    path(
        "checks/<id:case_id>/precheck",
        checking.CheckPrecheckApi.as_view(),
        name="api-legislation-check-precheck",
    ),
    path(
        "checks/<id:case_id>/examine",
        checking.CheckExamineApi.as_view(),
        name="api-legislation-check-examine",
    ),
    path(
        "checks/<id:case_id>/request",
        checking.CheckRequestApi.as_view(),
        name="api-legislation-check-request",
    ),
    path(
        "checks/<id:case_id>/outcome",
        checking.CheckOutcomeApi.as_view(),
        name="api-legislation-check-outcome",
    ),
    path(
        "checks/<id:case_id>/close",
        checking.CheckCloseApi.as_view(),
        name="api-legislation-check-close",
    ),
    path("reviews/", checking.ReviewTaskListApi.as_view(), name="api-legislation-reviews"),
    path(
        "reviews/<id:task_id>",
        checking.ReviewTaskDetailApi.as_view(),
        name="api-legislation-review",
    ),
    path(
        "reviews/<id:task_id>/items/<id:item_id>",
        checking.ReviewItemRecordApi.as_view(),
        name="api-legislation-review-item",
    ),
]

# The steps of a draft's appraisal, one route each.
DRAFT_STEPS = {
    "request-appraisal": dossiers.DossierRequestAppraisalApi,
    "return": dossiers.DossierReturnApi,
    "appraisal": dossiers.DossierAppraisalApi,
    "submit": dossiers.DossierSubmitApi,
    "adopt": dossiers.DossierAdoptApi,
    "publish": dossiers.DraftPublishApi,
    "postpone": dossiers.DossierPostponeApi,
    "resume": dossiers.DossierResumeApi,
    "withdraw": dossiers.DossierWithdrawApi,
}
urlpatterns += [
    path(
        f"drafts/<id:case_id>/{name}",
        view.as_view(),
        name=f"api-legislation-draft-{name}",
    )
    for name, view in DRAFT_STEPS.items()
]
