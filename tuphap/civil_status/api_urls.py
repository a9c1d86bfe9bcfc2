from __future__ import annotations

from django.urls import path

from tuphap.civil_status.applications import apis as application_apis
from tuphap.civil_status.extracts import apis as extract_apis
from tuphap.civil_status.registration import apis

urlpatterns = [
    path("births/", apis.BirthRegisterApi.as_view(), name="civil-status-birth-register"),
    path("deaths/", apis.DeathRegisterApi.as_view(), name="civil-status-death-register"),
    path("marriages/", apis.MarriageRegisterApi.as_view(), name="civil-status-marriage-register"),
    path("events/", apis.RegistrationRecordApi.as_view(), name="civil-status-event-record"),
    path(
        "guardianships/",
        apis.GuardianshipRegisterApi.as_view(),
        name="civil-status-guardianship-register",
    ),
    path(
        "registrations/",
        apis.RegistrationFindApi.as_view(),
        name="civil-status-registration-find",
    ),
    path(
        "registrations/<id:registration_id>/amendments/",
        apis.RegistrationAmendApi.as_view(),
        name="civil-status-registration-amend",
    ),
    path(
        "registrations/<id:registration_id>/extracts/",
        extract_apis.ExtractIssueApi.as_view(),
        name="civil-status-extract-issue",
    ),
    path(
        "registrations/<id:registration_id>/extracts/<id:extract_id>/pdf",
        extract_apis.ExtractPdfApi.as_view(),
        name="civil-status-extract-pdf",
    ),
    path("persons/", apis.PersonSearchApi.as_view(), name="civil-status-person-search"),
    path(
        "persons/<id:person_id>/",
        apis.PersonDetailApi.as_view(),
        name="civil-status-person-detail",
    ),
    path("pins-pending/", apis.PinPendingListApi.as_view(), name="civil-status-pins-pending"),
    path(
        "applications/",
        application_apis.ApplicationListApi.as_view(),
        name="civil-status-application-list",
    ),
    path(
        "applications/submit/",
        application_apis.ApplicationSubmitApi.as_view(),
        name="civil-status-application-submit",
    ),
    path(
        "applications/<id:application_id>/",
        application_apis.ApplicationDetailApi.as_view(),
        name="civil-status-application-detail",
    ),
]
for _action, _view in (
    ("request-supplement", application_apis.ApplicationRequestSupplementApi),
    ("resubmit", application_apis.ApplicationResubmitApi),
    ("accept", application_apis.ApplicationAcceptApi),
    ("extend", application_apis.ApplicationExtendApi),
    ("register", application_apis.ApplicationRegisterApi),
    ("return", application_apis.ApplicationReturnApi),
    ("refuse", application_apis.ApplicationRefuseApi),
    ("withdraw", application_apis.ApplicationWithdrawApi),
):
    urlpatterns.append(
        path(
            f"applications/<id:application_id>/{_action}/",
            _view.as_view(),
            name=f"civil-status-application-{_action}",
        )
    )
