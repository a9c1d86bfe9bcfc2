"""The access table: for every URL name of the project, what a GET answers to each persona
(``ROWS``), and for a few write endpoints what a POST answers (``POSTS``). Walked by
``test_access_table.py``; docs/domain/access.md, "The access table".

Columns (``access_world.PERSONAS``), in order::

    anonymous, civil status officer, enforcement officer, enforcement head, legal aid officer,
    provincial specialist, ministry specialist, statistics officer, leader, auditor,
    administrator, then Hà Tĩnh's civil status officer, enforcement officer, legal aid officer
    and provincial specialist

Codes: ``A`` allowed (2xx, or a redirect within the site), ``F`` forbidden (401/403, or the
sign-in page), ``N`` not found (404: outside the jurisdiction or the need to know), ``M`` method
not allowed (405: a POST-only endpoint), ``B`` bad request (400), ``C`` conflict (409), ``-`` not
asked: a POST by someone who may do it (it would change the world for the next column), and
the Hà Tĩnh columns of the URLs that name no object (they would only repeat the Nghệ An ones).

Every object the URLs name lies in Nghệ An or is national (``access_world.objects``), so the
Hà Tĩnh columns prove that ids do not cross provinces. Several rows name the same URL with
different objects (``/cases/<id>`` with a case of each register: need to know by role).

A new URL needs a row here: say for each persona what it must get, then run the test."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Row:
    name: str
    # URL parameter -> key of the world's objects, or "=literal".
    params: dict[str, str] = field(default_factory=dict)
    outcomes: str = ""
    query: str = ""
    # The JSON body of a POST; a string "{key}" is replaced by the world's object.
    body: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        return self.name + (f" {self.params}" if self.params else "")


OUTCOMES = ("A", "F", "N", "M", "B", "C", "-")

ROWS: tuple[Row, ...] = (
    Row("api-root", {}, "A A A A A A A A A A A  - - - -"),
    Row("api-docs", {}, "A A A A A A A A A A A  - - - -"),
    Row(
        "api-calendar-deadline",
        {},
        "F A A A A A A A A A A  A A A A",
        "start=2024-04-26&amount=3&unit=working_days",
    ),
    Row("api-calendar-working-days", {}, "F A A A A A A A A A A  A A A A", "year=2026"),
    Row("api-places", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-place", {"unit_id": "unit"}, "F A A A A A A A A A A  A A A A"),
    Row("api-token", {}, "M M M M M M M M M M M  - - - -"),
    Row("api-me", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-agencies", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-audit", {}, "F F F F F F F F F A A  - - - -"),
    Row("api-statistics-indicators", {}, "F A A A A A A A A A A  - - - -"),
    Row(
        "api-statistics-report",
        {},
        "F F A A A A A A A A A  F F F F",
        "indicators=hotich.birth.male&period=2025&level=province&place=40",
    ),
    Row("api-statistics-versions", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-statistics-version", {"version_id": "version"}, "F N A A A A A A A A A  N N N N"),
    Row("api-cases", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-cases-workqueue", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-case-notifications", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-case-notifications-read", {}, "F M M M M M M M M M M  - - - -"),
    Row(
        "api-cases-time-in-state",
        {},
        "F A A A A A A A A A A  A A A A",
        "register=enforcement.civil",
    ),
    Row("api-case", {"case_id": "enforcement"}, "F N A A N N A N A A N  N N N N"),
    Row("api-case", {"case_id": "administrative"}, "F N A A N N A N A A N  N N N N"),
    Row("api-case", {"case_id": "application_case"}, "F A N N N A A N N A N  N N N N"),
    Row("api-case", {"case_id": "legal_aid"}, "F N N N A A A N A A N  N N N N"),
    Row("api-case", {"case_id": "check"}, "F N N N N A A N A A N  N N N N"),
    Row("api-case", {"case_id": "dossier"}, "F N N N N N A N A A A  N N N N"),
    Row("api-case-transitions", {"case_id": "enforcement"}, "F N A A N N A N A A N  N N N N"),
    Row("api-case-assign", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("api-case-pause", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("api-case-resume", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("api-case-extend", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("api-enforcement-cases", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-enforcement-case-open", {}, "F M M M M M M M M M M  - - - -"),
    Row("api-enforcement-case", {"case_id": "enforcement"}, "F N A A N N A N A A N  N N N N"),
    Row(
        "api-enforcement-case-classify",
        {"case_id": "enforcement"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row("api-enforcement-case-money", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("api-enforcement-administrative-open", {}, "F M M M M M M M M M M  - - - -"),
    Row(
        "api-enforcement-administrative",
        {"case_id": "administrative"},
        "F N A A N N A N A A N  N N N N",
    ),
    Row(
        "api-enforcement-administrative-step",
        {"case_id": "administrative"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row("api-enforcement-targets", {}, "F M M M M M M M M M M  - - - -"),
    Row("api-population-reconciliation", {}, "F A F F F A A F F F A  - - - -"),
    Row("api-population-reconciliation-counts", {}, "F A F F F A A F F F A  - - - -"),
    Row("api-population-message", {"message_id": "message"}, "F A F F F A A F F F A  N F F N"),
    Row(
        "api-population-message-retry", {"message_id": "message"}, "F M M M M M M M M M M  M M M M"
    ),
    Row(
        "api-population-message-correct",
        {"message_id": "message"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "api-population-message-resolve",
        {"message_id": "message"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row("civil-status-birth-register", {}, "F M M M M M M M M M M  - - - -"),
    Row("civil-status-death-register", {}, "F M M M M M M M M M M  - - - -"),
    Row("civil-status-marriage-register", {}, "F M M M M M M M M M M  - - - -"),
    Row("civil-status-event-record", {}, "F M M M M M M M M M M  - - - -"),
    Row("civil-status-guardianship-register", {}, "F M M M M M M M M M M  - - - -"),
    Row(
        "civil-status-registration-find",
        {},
        "F A F F F A A F F F F  A F F A",
        "entry_number={entry_number}&year=2026&event_type=birth",
    ),
    Row(
        "civil-status-registration-amend",
        {"registration_id": "registration"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "civil-status-extract-issue",
        {"registration_id": "registration"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "civil-status-extract-pdf",
        {"registration_id": "registration", "extract_id": "extract"},
        "F A F F F A A F F F F  N F F N",
    ),
    Row("civil-status-person-search", {}, "F A F F F A A F F F F  - - - -"),
    Row("civil-status-person-detail", {"person_id": "person"}, "F A F F F A A F F F F  N F F N"),
    Row("civil-status-pins-pending", {}, "F A F F F A A F F F F  - - - -"),
    Row("civil-status-application-list", {}, "F A F F F A A F F F F  - - - -"),
    Row("civil-status-application-submit", {}, "F M M M M M M M M M M  - - - -"),
    Row(
        "civil-status-application-detail",
        {"application_id": "application"},
        "F A F F F A A F F F F  N F F N",
    ),
    Row(
        "civil-status-application-request-supplement",
        {"application_id": "application"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "civil-status-application-resubmit",
        {"application_id": "application"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "civil-status-application-accept",
        {"application_id": "application"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "civil-status-application-extend",
        {"application_id": "application"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "civil-status-application-register",
        {"application_id": "application"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "civil-status-application-return",
        {"application_id": "application"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "civil-status-application-refuse",
        {"application_id": "application"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "civil-status-application-withdraw",
        {"application_id": "application"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row("api-legislation-documents", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-legislation-document", {"document_id": "document"}, "F A A A A A A A A A A  A A A A"),
    Row(
        "api-legislation-document-akn",
        {"document_id": "document"},
        "F A A A A A A A A A A  A A A A",
    ),
    Row("api-legislation-obligations", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-legislation-programmes", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-legislation-programme-create", {}, "F M M M M M M M M M M  - - - -"),
    Row("api-legislation-programme-items", {"year": "year"}, "F A A A A A A A A A A  A A A A"),
    Row("api-legislation-programme-item-add", {"year": "year"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legislation-programme-item", {"item_id": "item"}, "F A A A A A A A A A A  A A A A"),
    Row(
        "api-legislation-programme-item-progress",
        {"item_id": "item"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "api-legislation-programme-item-postpone",
        {"item_id": "item"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "api-legislation-programme-item-withdraw",
        {"item_id": "item"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "api-legislation-programme-item-adopt",
        {"item_id": "item"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row("api-legislation-drafts", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-legislation-draft-open", {}, "F M M M M M M M M M M  - - - -"),
    Row("api-legislation-appraisals-due", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-legislation-draft", {"case_id": "dossier"}, "F N N N N N A N A A A  N N N N"),
    Row("api-legislation-checks", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-legislation-check-open", {}, "F M M M M M M M M M M  - - - -"),
    Row("api-legislation-check", {"case_id": "check"}, "F N N N N A A N A A N  N N N N"),
    Row("api-legislation-check-precheck", {"case_id": "check"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legislation-check-examine", {"case_id": "check"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legislation-check-request", {"case_id": "check"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legislation-check-outcome", {"case_id": "check"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legislation-check-close", {"case_id": "check"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legislation-reviews", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-legislation-review", {"task_id": "task"}, "F N A A A A A A A A A  N N N N"),
    Row(
        "api-legislation-review-item",
        {"task_id": "task", "item_id": "task_item"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "api-legislation-draft-request-appraisal",
        {"case_id": "dossier"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row("api-legislation-draft-return", {"case_id": "dossier"}, "F M M M M M M M M M M  M M M M"),
    Row(
        "api-legislation-draft-appraisal", {"case_id": "dossier"}, "F M M M M M M M M M M  M M M M"
    ),
    Row("api-legislation-draft-submit", {"case_id": "dossier"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legislation-draft-adopt", {"case_id": "dossier"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legislation-draft-publish", {"case_id": "dossier"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legislation-draft-postpone", {"case_id": "dossier"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legislation-draft-resume", {"case_id": "dossier"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legislation-draft-withdraw", {"case_id": "dossier"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legal-aid-cases", {}, "F A A A A A A A A A A  - - - -"),
    Row("api-legal-aid-notice", {}, "F M M M M M M M M M M  - - - -"),
    Row("api-legal-aid-case", {"case_id": "legal_aid"}, "F N N N A A A N A A N  N N N N"),
    Row("api-legal-aid-accept", {"case_id": "legal_aid"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legal-aid-assign", {"case_id": "legal_aid"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legal-aid-step", {"case_id": "legal_aid"}, "F M M M M M M M M M M  M M M M"),
    Row("api-legal-aid-evaluate", {"case_id": "legal_aid"}, "F M M M M M M M M M M  M M M M"),
    Row("extract-verify", {"code": "code"}, "A A A A A A A A A A A  A A A A"),
    Row("health", {}, "A A A A A A A A A A A  - - - -"),
    Row("ready", {}, "A A A A A A A A A A A  - - - -"),
    Row("web:home", {}, "F A A A A A A A A A A  - - - -"),
    Row("web:operations", {}, "F F F F F F F F F F A  - - - -"),
    Row("accounts:login", {}, "A A A A A A A A A A A  - - - -"),
    Row("accounts:logout", {}, "M M M M M M M M M M M  - - - -"),
    Row("accounts:audit", {}, "F F F F F F F F F A A  - - - -"),
    Row("places:list", {}, "F A A A A A A A A A A  - - - -"),
    Row("places:detail", {"unit_id": "unit"}, "F A A A A A A A A A A  A A A A"),
    Row("statistics:report", {}, "F A A A A A A A A A A  - - - -"),
    Row("statistics:issue", {}, "F M M M M M M M M M M  - - - -"),
    Row("statistics:versions", {}, "F A A A A A A A A A A  - - - -"),
    Row("statistics:version", {"version_id": "version"}, "F N A A A A A A A A A  N N N N"),
    Row("casework:workqueue", {}, "F A A A A A A A A A A  - - - -"),
    Row("casework:notifications", {}, "F A A A A A A A A A A  - - - -"),
    Row("casework:time_in_state", {}, "F A A A A A A A A A A  - - - -"),
    Row("casework:case", {"case_id": "enforcement"}, "F N A A N N A N A A N  N N N N"),
    Row("casework:case", {"case_id": "administrative"}, "F N A A N N A N A A N  N N N N"),
    Row("casework:case", {"case_id": "application_case"}, "F A N N N A A N N A N  N N N N"),
    Row("casework:case", {"case_id": "legal_aid"}, "F N N N A A A N A A N  N N N N"),
    Row("casework:case", {"case_id": "check"}, "F N N N N A A N A A N  N N N N"),
    Row("casework:case", {"case_id": "dossier"}, "F N N N N N A N A A A  N N N N"),
    Row("casework:transition", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("casework:assign", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("casework:pause", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("casework:resume", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("casework:extend", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("enforcement:case_list", {}, "F A A A A A A A A A A  - - - -"),
    Row("enforcement:case_new", {}, "F F A A F F F F F F F  - - - -"),
    Row("enforcement:dashboard", {}, "F F A A F F A F A A A  - - - -"),
    Row("enforcement:targets", {}, "F A A A A A A A A A A  - - - -"),
    Row("enforcement:administrative_list", {}, "F A A A A A A A A A A  - - - -"),
    Row("enforcement:administrative_new", {}, "F F A A F F F F F F F  - - - -"),
    Row("enforcement:case", {"case_id": "enforcement"}, "F N A A N N A N A A N  N N N N"),
    Row("enforcement:classify", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("enforcement:money", {"case_id": "enforcement"}, "F M M M M M M M M M M  M M M M"),
    Row("population:reconciliation", {}, "F A F F F A A F F F A  - - - -"),
    Row("population:message", {"message_id": "message"}, "F A F F F A A F F F A  N F F N"),
    Row("population:message-retry", {"message_id": "message"}, "F M M M M M M M M M M  M M M M"),
    Row("population:message-correct", {"message_id": "message"}, "F M M M M M M M M M M  M M M M"),
    Row("population:message-resolve", {"message_id": "message"}, "F M M M M M M M M M M  M M M M"),
    Row("civil_status:today", {}, "F A F F F A A F F F F  - - - -"),
    Row("civil_status:birth_new", {}, "F A F F F F F F F F F  - - - -"),
    Row("civil_status:death_new", {}, "F A F F F F F F F F F  - - - -"),
    Row("civil_status:marriage_new", {}, "F A F F F F F F F F F  - - - -"),
    Row("civil_status:guardianship_new", {}, "F A F F F F F F F F F  - - - -"),
    Row("civil_status:search", {}, "F A F F F A A F F F F  - - - -"),
    Row("civil_status:pins_pending", {}, "F A F F F A A F F F F  - - - -"),
    Row("civil_status:person", {"person_id": "person"}, "F A F F F A A F F F F  N F F N"),
    Row(
        "civil_status:registration",
        {"registration_id": "registration"},
        "F A F F F A A F F F F  N F F N",
    ),
    Row(
        "civil_status:extract_issue",
        {"registration_id": "registration"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row(
        "civil_status:copy_issue",
        {"registration_id": "registration"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row("civil_status:copy_lookup", {}, "F A F F F F F F F F F  - - - -"),
    Row("civil_status:extract", {"extract_id": "extract"}, "F A F F F A A F F F F  N F F N"),
    Row("civil_status:extract_pdf", {"extract_id": "extract"}, "F A F F F A A F F F F  N F F N"),
    Row("civil_status:book_list", {}, "F A F F F A A F F F F  - - - -"),
    Row("civil_status:book", {"book_id": "book"}, "F A F F F A A F F F F  N F F N"),
    Row("civil_status:application_list", {}, "F A F F F A A F F F F  - - - -"),
    Row("civil_status:application_new", {}, "F A F F F F F F F F F  - - - -"),
    Row(
        "civil_status:application",
        {"application_id": "application"},
        "F A F F F A A F F F F  N F F N",
    ),
    Row(
        "civil_status:application_slip",
        {"application_id": "application"},
        "F A F F F A A F F F F  N F F N",
    ),
    Row(
        "civil_status:application_action",
        {"application_id": "application", "action": "=accept"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row("legislation:list", {}, "F A A A A A A A A A A  - - - -"),
    Row("legislation:detail", {"document_id": "document"}, "F A A A A A A A A A A  A A A A"),
    Row("legislation:akn", {"document_id": "document"}, "F A A A A A A A A A A  A A A A"),
    Row("legislation:propose", {"document_id": "document"}, "F M M M M M M M M M M  M M M M"),
    Row("legislation:overdue", {}, "F A A A A A A A A A A  - - - -"),
    Row("legislation:proposals", {}, "F A A A A A A A A A A  - - - -"),
    Row("legislation:decide", {"obligation_id": "obligation"}, "F M M M M M M M M M M  M M M M"),
    Row("legislation:programme_current", {}, "F A A A A A A A A A A  - - - -"),
    Row("legislation:programme", {"year": "year"}, "F A A A A A A A A A A  A A A A"),
    Row("legislation:programme_item", {"item_id": "item"}, "F A A A A A A A A A A  A A A A"),
    Row(
        "legislation:programme_item_status",
        {"item_id": "item", "action": "=postpone"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row("legislation:dossier_list", {}, "F A A A A A A A A A A  - - - -"),
    Row("legislation:dossier_new", {}, "F F F F F F A F F F F  - - - -"),
    Row("legislation:appraisals_due", {}, "F A A A A A A A A A A  - - - -"),
    Row("legislation:dossier", {"case_id": "dossier"}, "F N N N N N A N A A A  N N N N"),
    Row(
        "legislation:dossier_step",
        {"case_id": "dossier", "transition": "=request-appraisal"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row("legislation:checks", {}, "F A A A A A A A A A A  - - - -"),
    Row("legislation:check_open", {}, "F M M M M M M M M M M  - - - -"),
    Row("legislation:check", {"case_id": "check"}, "F N N N N A A N A A N  N N N N"),
    Row(
        "legislation:check_step",
        {"case_id": "check", "step": "=precheck"},
        "F M M M M M M M M M M  M M M M",
    ),
    Row("legislation:reviews", {}, "F A A A A A A A A A A  - - - -"),
    Row("legislation:review", {"task_id": "task"}, "F N A A A A A A A A A  N N N N"),
    Row("legal_aid:workqueue", {}, "F F F F A F F F F F F  - - - -"),
    Row("legal_aid:case_list", {}, "F F F F A A A F A A A  - - - -"),
    Row("legal_aid:dashboard", {}, "F F F F A A A F A A A  - - - -"),
    Row("legal_aid:request_new", {}, "F F F F A F F F F F F  - - - -"),
    Row("legal_aid:notice_list", {}, "F F F F A A A F A A A  - - - -"),
    Row("legal_aid:notice_new", {}, "F F F F A F F F F F F  - - - -"),
    Row("legal_aid:book", {}, "F F F F A F F F F F F  - - - -"),
    Row("legal_aid:import", {}, "F F F F A F F F F F F  - - - -"),
    Row("legal_aid:import_template", {"kind": "=xlsx"}, "F F F F A F F F F F F  F F A F"),
    Row("legal_aid:case", {"case_id": "legal_aid"}, "F F F F A A A F A A N  F F N N"),
    Row("legal_aid:accept", {"case_id": "legal_aid"}, "F M M M M M M M M M M  M M M M"),
    Row("legal_aid:assign", {"case_id": "legal_aid"}, "F M M M M M M M M M M  M M M M"),
    Row("legal_aid:step", {"case_id": "legal_aid"}, "F M M M M M M M M M M  M M M M"),
    Row("legal_aid:evaluate", {"case_id": "legal_aid"}, "F M M M M M M M M M M  M M M M"),
    Row("legal_aid:papers", {"case_id": "legal_aid"}, "F M M M M M M M M M M  M M M M"),
    Row("legal_aid:roster", {}, "F F F F A A A F A A A  - - - -"),
    Row("legal_aid:performer_new", {}, "F M M M M M M M M M M  - - - -"),
    Row("legal_aid:organisation_new", {}, "F M M M M M M M M M M  - - - -"),
    Row("verify:form", {}, "A A A A A A A A A A A  - - - -"),
    Row("verify:result", {"code": "code"}, "A A A A A A A A A A A  A A A A"),
    Row("admin:index", {}, "F F F F F F F F F F F  - - - -"),
)


POSTS: tuple[Row, ...] = (
    Row(
        "api-case-assign",
        {"case_id": "enforcement"},
        "F N F - N N F N F F N  N N N N",
        body={"assignee": "{enforcement_officer_user}"},
    ),
    Row("api-case-pause", {"case_id": "enforcement"}, "F N - - N N F N F F N  N N N N"),
    Row(
        "api-enforcement-case-money",
        {"case_id": "enforcement"},
        "F N - - N N F N F F N  N N N N",
        body={"kind": "collected", "amount": 1000000, "on_date": "2026-12-04"},
    ),
    Row(
        "api-enforcement-targets",
        {},
        "F F F F F F - F F F -  F F F F",
        body={
            "agency": "{enforcement_office}",
            "year": 2026,
            "case_rate": "80.00",
            "money_rate": "40.00",
        },
    ),
    Row(
        "api-population-message-retry", {"message_id": "message"}, "F - F F F - - F F F -  N F F N"
    ),
    Row(
        "civil-status-registration-amend",
        {"registration_id": "registration"},
        "F - F F F F F F F F F  N F F N",
        body={
            "kind": "correction",
            "reason": "Sai chính tả",
            "legal_basis": "Luật Hộ tịch 2014, Điều 7",
            "changes": {},
        },
    ),
    Row(
        "civil-status-extract-issue",
        {"registration_id": "registration"},
        "F A F F F F F F F F F  A F F F",
        body={"kind": "copy"},
    ),
    Row(
        "civil-status-application-refuse",
        {"application_id": "application"},
        "F - F F F F F F F F F  N F F N",
    ),
    Row(
        "api-legislation-programme-create",
        {},
        "F F F F F F - F F F -  F F F F",
        body={"year": 2027, "resolution": "Nghị quyết 1/2026/QH15", "adopted_on": "2026-06-10"},
    ),
    Row(
        "api-legislation-programme-item-postpone",
        {"item_id": "item"},
        "F F F F F F - F F F -  F F F F",
        body={"on": "2026-12-04", "reason": "Chưa đủ điều kiện", "decision_reference": "NQ 2/2026"},
    ),
    Row(
        "api-legislation-draft-open",
        {},
        "F F F F F F - F F F F  F F F F",
        body={
            "kind": "draft",
            "title": "Luật Thử",
            "doc_type": "law",
            "drafting_agency": "{finance}",
            "received_on": "2026-12-01",
        },
    ),
    Row(
        "api-legislation-draft-request-appraisal",
        {"case_id": "dossier"},
        "F N N N N N - N F F F  N N N N",
    ),
    Row(
        "api-legislation-check-open",
        {},
        "F F F F F - - F F F F  F F F F",
        body={"document": "{local_document}", "received_on": "2026-10-01"},
    ),
    Row(
        "api-legislation-review-item",
        {"task_id": "task", "item_id": "task_item"},
        "F N F F F - - F F F -  N N N N",
        body={"status": "consistent"},
    ),
    Row("api-legal-aid-accept", {"case_id": "legal_aid"}, "F N N N - F F N F F N  N N N N"),
)

# URL names not walked, with the reason.
SKIPPED = {
    "api-schema": "the OpenAPI schema, generated for anyone; tested in tuphap/api/tests",
    "set_language": "Django's language switch (i18n), POST only, no data behind it",
    "javascript-catalog": "Django's JavaScript translation catalogue (jsi18n), no data behind it",
}
# Besides these, every "admin:*" name but "admin:index" is skipped: the admin's internal pages
# sit behind admin.site's own staff check, which admin:index proves.
