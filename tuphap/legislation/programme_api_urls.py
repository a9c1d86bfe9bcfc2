"""API routes of the law-making programme and appraisal, included by ``api_urls``."""

from __future__ import annotations

from django.urls import path

from tuphap.legislation import appraisal_apis as dossiers
from tuphap.legislation import programme_apis as programme

urlpatterns = [
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
        "programme/items/<int:item_id>",
        programme.ProgrammeItemDetailApi.as_view(),
        name="api-legislation-programme-item",
    ),
    path(
        "programme/items/<int:item_id>/progress",
        programme.ProgrammeItemProgressApi.as_view(),
        name="api-legislation-programme-item-progress",
    ),
    path(
        "programme/items/<int:item_id>/postpone",
        programme.ProgrammeItemPostponeApi.as_view(),
        name="api-legislation-programme-item-postpone",
    ),
    path(
        "programme/items/<int:item_id>/withdraw",
        programme.ProgrammeItemWithdrawApi.as_view(),
        name="api-legislation-programme-item-withdraw",
    ),
    path(
        "programme/items/<int:item_id>/adopt",
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
    path("drafts/<int:case_id>", dossiers.DossierDetailApi.as_view(), name="api-legislation-draft"),
]
STEPS = {
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
        f"drafts/<int:case_id>/{name}",
        view.as_view(),
        name=f"api-legislation-draft-{name}",
    )
    for name, view in STEPS.items()
]
