from __future__ import annotations

from django.urls import path

from tuphap.statistics import review_views, views
from tuphap.statistics.aggregate import historic_views as historic
from tuphap.statistics.aggregate import views as forms

app_name = "statistics"
urlpatterns = [
    path("report", views.report, name="report"),
    path("report/issue", views.issue, name="issue"),
    path("review/", review_views.page, name="review"),
    path("review.docx", review_views.docx, name="review_docx"),
    path("review.xlsx", review_views.xlsx, name="review_xlsx"),
    path("review.pdf", review_views.pdf, name="review_pdf"),
    path("review/issue", review_views.issue, name="review_issue"),
    path("review/issued/<id:version_id>/", review_views.version, name="review_version"),
    path("targets/", review_views.target_list, name="targets"),
    path("reports/", review_views.report_pick, name="report_pick"),
    path("dashboard/<str:code>/", review_views.dashboard, name="dashboard"),
    path("issued/", views.versions, name="versions"),
    path("issued/<id:version_id>/", views.version, name="version"),
    path("issued/<id:version_id>/approve", views.version_approve, name="version_approve"),
    path("issued/<id:version_id>/accept", views.version_accept, name="version_accept"),
    path("forms/", forms.form_list, name="forms"),
    path("forms/open", forms.form_open, name="form_open"),
    path("forms/completeness", forms.completeness, name="forms_completeness"),
    path("forms/<id:report_id>/", forms.form_detail, name="form"),
    path("forms/<id:report_id>/cell", forms.form_cell, name="form_cell"),
    path("forms/<id:report_id>/submit", forms.form_submit, name="form_submit"),
    path("forms/<id:report_id>/return", forms.form_return, name="form_return"),
    path("forms/<id:report_id>/approve", forms.form_approve, name="form_approve"),
    path("forms/<id:report_id>/accept", forms.form_accept, name="form_accept"),
    path("forms/<id:report_id>/unlock", forms.form_unlock, name="form_unlock"),
    path("forms/<id:report_id>/workbook", forms.form_xlsx, name="form_xlsx"),
    path("forms/<id:report_id>/upload", forms.form_upload, name="form_upload"),
    path("historic/", historic.historic_list, name="historic"),
    path("historic/template", historic.historic_template, name="historic_template"),
    path("historic/upload", historic.historic_upload, name="historic_upload"),
    path("historic/<id:batch_id>/", historic.historic_batch, name="historic_batch"),
    path("historic/<id:batch_id>/approve", historic.historic_approve, name="historic_approve"),
    path("historic/<id:batch_id>/reject", historic.historic_reject, name="historic_reject"),
    path("historic/<id:batch_id>/withdraw", historic.historic_withdraw, name="historic_withdraw"),
]
