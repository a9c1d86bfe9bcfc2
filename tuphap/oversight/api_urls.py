from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from tuphap.oversight.compensation import apis as compensation
from tuphap.oversight.complaints import apis as complaints
from tuphap.oversight.denunciations import apis as denunciations
from tuphap.oversight.inspections import apis as inspections
from tuphap.oversight.reception import apis as reception

urlpatterns: list[URLPattern | URLResolver] = [
    # -- reception and letters
    path("letters/", reception.LetterListApi.as_view(), name="api-oversight-letters"),
    path(
        "letters/<id:letter_id>", reception.LetterDetailApi.as_view(), name="api-oversight-letter"
    ),
    path(
        "letters/<id:letter_id>/classification",
        reception.ClassifyApi.as_view(),
        name="api-oversight-letter-classify",
    ),
    path(
        "letters/<id:letter_id>/transfer",
        reception.TransferApi.as_view(),
        name="api-oversight-letter-transfer",
    ),
    # -- complaints
    path("complaints/", complaints.ComplaintListApi.as_view(), name="api-oversight-complaints"),
    path(
        "complaints/import",
        complaints.ComplaintImportApi.as_view(),
        name="api-oversight-complaint-import",
    ),
    path(
        "complaints/<id:case_id>",
        complaints.ComplaintDetailApi.as_view(),
        name="api-oversight-complaint",
    ),
    path(
        "complaints/<id:case_id>/actions",
        complaints.ComplaintActionApi.as_view(),
        name="api-oversight-complaint-action",
    ),
    # -- denunciations
    path(
        "denunciations/",
        denunciations.DenunciationListApi.as_view(),
        name="api-oversight-denunciations",
    ),
    path(
        "denunciations/import",
        denunciations.DenunciationImportApi.as_view(),
        name="api-oversight-denunciation-import",
    ),
    path(
        "denunciations/<id:case_id>",
        denunciations.DenunciationDetailApi.as_view(),
        name="api-oversight-denunciation",
    ),
    path(
        "denunciations/<id:case_id>/denouncers",
        denunciations.DenouncersApi.as_view(),
        name="api-oversight-denouncers",
    ),
    path(
        "denunciations/<id:case_id>/actions",
        denunciations.DenunciationActionApi.as_view(),
        name="api-oversight-denunciation-action",
    ),
    # -- inspections
    path(
        "inspections/",
        inspections.InspectionListApi.as_view(),
        name="api-oversight-inspections",
    ),
    path(
        "inspections/<id:case_id>",
        inspections.InspectionDetailApi.as_view(),
        name="api-oversight-inspection",
    ),
    path(
        "inspections/<id:case_id>/steps",
        inspections.InspectionStepApi.as_view(),
        name="api-oversight-inspection-step",
    ),
    # -- state compensation
    path(
        "compensation/",
        compensation.ClaimListApi.as_view(),
        name="api-oversight-compensation-claims",
    ),
    path(
        "compensation/import",
        compensation.ClaimImportApi.as_view(),
        name="api-oversight-compensation-import",
    ),
    path(
        "compensation/<id:case_id>",
        compensation.ClaimDetailApi.as_view(),
        name="api-oversight-compensation-claim",
    ),
    path(
        "compensation/<id:case_id>/steps",
        compensation.StepApi.as_view(),
        name="api-oversight-compensation-step",
    ),
    path(
        "compensation/<id:case_id>/advances",
        compensation.AdvanceApi.as_view(),
        name="api-oversight-compensation-advance",
    ),
]
