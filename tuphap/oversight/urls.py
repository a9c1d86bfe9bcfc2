from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from tuphap.oversight.compensation import views as compensation
from tuphap.oversight.complaints import views as complaints
from tuphap.oversight.denunciations import views as denunciations
from tuphap.oversight.inspections import views as inspections
from tuphap.oversight.reception import views as reception

app_name = "oversight"
urlpatterns: list[URLPattern | URLResolver] = [
    # -- reception and letters
    path("letters/", reception.letter_list, name="letter_list"),
    path("letters/queue/", reception.letter_queue, name="letter_queue"),
    path("letters/new/", reception.letter_new, name="letter_new"),
    path("letters/duplicates/", reception.letter_duplicates, name="letter_duplicates"),
    path("letters/report/", reception.letter_report, name="letter_report"),
    path("letters/import/", reception.letter_import, name="letter_import"),
    path("letters/<id:letter_id>/", reception.letter_detail, name="letter"),
    path("letters/<id:letter_id>/classify/", reception.letter_classify, name="letter_classify"),
    path("letters/<id:letter_id>/guide/", reception.letter_guide, name="letter_guide"),
    path("letters/<id:letter_id>/transfer/", reception.letter_transfer, name="letter_transfer"),
    path("letters/<id:letter_id>/urge/", reception.letter_urge, name="letter_urge"),
    path(
        "letters/<id:letter_id>/slip/<slug:kind>.docx",
        reception.letter_slip,
        name="letter_slip",
    ),
    path("receptions/", reception.reception_list, name="reception_list"),
    path("receptions/new/", reception.reception_new, name="reception_new"),
    # -- inspections
    path("inspections/", inspections.inspection_list, name="inspection_list"),
    path("inspections/new/", inspections.inspection_new, name="inspection_new"),
    path("inspections/workqueue/", inspections.workqueue, name="inspection_workqueue"),
    path("inspections/plan/", inspections.plan, name="inspection_plan"),
    path(
        "inspections/recommendations/",
        inspections.recommendations,
        name="inspection_recommendations",
    ),
    path("inspections/<id:case_id>/", inspections.inspection_detail, name="inspection"),
    path("inspections/<id:case_id>/step/", inspections.inspection_step, name="inspection_step"),
    path(
        "inspections/<id:case_id>/conclusion.docx",
        inspections.conclusion_docx,
        name="inspection_conclusion_docx",
    ),
    path(
        "inspections/<id:case_id>/extend/",
        inspections.inspection_extend,
        name="inspection_extend",
    ),
    path(
        "inspections/<id:case_id>/recommend/",
        inspections.inspection_recommend,
        name="inspection_recommend",
    ),
    path(
        "inspections/<id:case_id>/recommendations/<id:recommendation_id>/",
        inspections.inspection_follow_up,
        name="inspection_follow_up",
    ),
    path(
        "inspections/<id:case_id>/sample/",
        inspections.inspection_sample,
        name="inspection_sample",
    ),
    # -- state compensation
    path("compensation/", compensation.workqueue, name="compensation_workqueue"),
    path("compensation/claims/", compensation.claim_list, name="compensation_list"),
    path("compensation/new/", compensation.claim_new, name="compensation_new"),
    path("compensation/import/", compensation.claim_import, name="compensation_import"),
    path("compensation/dashboard/", compensation.dashboard, name="compensation_dashboard"),
    path("compensation/<id:case_id>/", compensation.claim_detail, name="compensation_claim"),
    path("compensation/<id:case_id>/step/", compensation.claim_step, name="compensation_step"),
    path(
        "compensation/<id:case_id>/advance/",
        compensation.claim_advance,
        name="compensation_advance",
    ),
    path(
        "compensation/<id:case_id>/advance/paid/",
        compensation.advance_pay,
        name="compensation_advance_pay",
    ),
    path(
        "compensation/<id:case_id>/interrupt/",
        compensation.claim_interrupt,
        name="compensation_interrupt",
    ),
    path(
        "compensation/<id:case_id>/resume/", compensation.claim_resume, name="compensation_resume"
    ),
    path(
        "compensation/<id:case_id>/extend/", compensation.claim_extend, name="compensation_extend"
    ),
    path(
        "compensation/<id:case_id>/honour/", compensation.claim_honour, name="compensation_honour"
    ),
    path(
        "compensation/<id:case_id>/recourse/",
        compensation.claim_recourse,
        name="compensation_recourse",
    ),
    path(
        "compensation/<id:case_id>/recourse/collected/",
        compensation.recourse_collect,
        name="compensation_recourse_collect",
    ),
    path(
        "compensation/<id:case_id>/decision.docx",
        compensation.decision_docx,
        name="compensation_decision_docx",
    ),
    # -- complaints
    path("complaints/", complaints.workqueue, name="complaint_workqueue"),
    path("complaints/all/", complaints.complaint_list, name="complaint_list"),
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("complaints/dashboard/", complaints.dashboard, name="complaint_dashboard"),
    path("complaints/import/", complaints.complaint_import, name="complaint_import"),
    path("complaints/<id:case_id>/", complaints.complaint_detail, name="complaint"),
    path(
        "complaints/<id:case_id>/act/<slug:action>/",
        complaints.complaint_action,
        name="complaint_action",
    ),
    path(
        "complaints/<id:case_id>/notice/<slug:kind>.docx",
        complaints.notice_docx,
        name="complaint_notice",
    ),
    # -- denunciations
    path("denunciations/", denunciations.workqueue, name="denunciation_workqueue"),
    path("denunciations/all/", denunciations.denunciation_list, name="denunciation_list"),
    path("denunciations/new/", denunciations.denunciation_new, name="denunciation_new"),
    path("denunciations/dashboard/", denunciations.dashboard, name="denunciation_dashboard"),
    path("denunciations/import/", denunciations.denunciation_import, name="denunciation_import"),
    path("denunciations/<id:case_id>/", denunciations.denunciation_detail, name="denunciation"),
    path(
        "denunciations/<id:case_id>/act/<slug:action>/",
        denunciations.denunciation_action,
        name="denunciation_action",
    ),
    path(
        "denunciations/<id:case_id>/notice/<slug:kind>.docx",
        denunciations.notice_docx,
        name="denunciation_notice",
    ),
]
