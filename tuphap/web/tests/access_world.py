"""The small world the access table walks: one persona per role (and the Hà Tĩnh staff who must
not read Nghệ An's records), and one object of each kind in Nghệ An whose id fills the URLs.

Everything is made through the apps' services and test factories, as their own tests do."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from conftest import World, enforcement_offices
from tuphap.accounts.models import AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.civil_status.applications import services as application_services
from tuphap.civil_status.extracts import services as extract_services
from tuphap.civil_status.extracts.models import Extract
from tuphap.civil_status.tests import factories as civil_status_factories
from tuphap.enforcement.administrative import services as administrative_services
from tuphap.enforcement.cases import services as enforcement_services
from tuphap.enforcement.tests.conftest import OBLIGEE, judgment, obligor, request
from tuphap.legal_aid.cases import services as legal_aid_services
from tuphap.legal_aid.tests.conftest import centre, notice_data, request_data
from tuphap.legislation.checking.models import ReviewTask
from tuphap.legislation.documents import services as document_services
from tuphap.legislation.documents.models import DetailingObligation, RelationKind
from tuphap.legislation.tests import factories as legislation_factories
from tuphap.legislation.tests import programme_factories
from tuphap.legislation.tests.checking_helpers import opened, resolution
from tuphap.outreach.tests import world as outreach_world
from tuphap.oversight.complaints import services as complaint_services
from tuphap.oversight.denunciations import services as denunciation_services
from tuphap.oversight.inspections import services as inspection_services
from tuphap.oversight.reception import services as reception_services
from tuphap.oversight.reception.rules import Channel
from tuphap.oversight.tests import test_compensation_services as compensation_tests
from tuphap.oversight.tests import test_inspections_services as inspection_tests
from tuphap.population import services as population_services
from tuphap.population.models import MessageStatus, OutboxMessage
from tuphap.population.tests.conftest import birth_payload
from tuphap.statistics.aggregate import services as aggregate_services
from tuphap.statistics.aggregate import testing as aggregate_testing
from tuphap.statistics.models import ReportVersion, ReviewVersion

D = datetime.date
VN = datetime.timezone(datetime.timedelta(hours=7))
# Every object below is made, and every page read, at this moment (as the legal aid tests).
NOW = datetime.datetime(2026, 12, 6, 8, 0, tzinfo=VN)

# The columns of the table, in order: who asks.
PERSONAS = (
    "anonymous",
    "civil_status_officer",
    "enforcement_officer",
    "enforcement_head",
    "legal_aid_officer",
    "provincial_specialist",
    "ministry_specialist",
    "statistics_officer",
    "leader",
    "auditor",
    "administrator",
    # Hà Tĩnh's staff: every object of the world lies in Nghệ An.
    "ha_tinh_civil_status_officer",
    "ha_tinh_enforcement_officer",
    "ha_tinh_legal_aid_officer",
    "ha_tinh_provincial_specialist",
)


def personas(world: World) -> dict[str, User | None]:
    """One user per role in Nghệ An (or the ministry), and the Hà Tĩnh staff."""
    make = account_factories.user
    office_nghe_an, office_ha_tinh = enforcement_offices(world)
    centre_nghe_an = centre(world, world.nghe_an, "Nghệ An")
    centre_ha_tinh = centre(world, world.ha_tinh, "Hà Tĩnh")
    commune_ha_tinh = account_factories.agency(
        "UBND-18070",
        "UBND phường Thành Sen",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        level=AgencyLevel.COMMUNE,
        units=[world.ha_tinh_ward],
        parent=world.doj_ha_tinh,
    )
    users = world.users
    return {
        "anonymous": None,
        "civil_status_officer": users["civil_status_officer"],
        "enforcement_officer": make("chv_nghean", office_nghe_an, Role.ENFORCEMENT_OFFICER),
        "enforcement_head": make("truong_nghean", office_nghe_an, Role.ENFORCEMENT_HEAD),
        "legal_aid_officer": make("trogiup_nghean", centre_nghe_an, Role.LEGAL_AID_OFFICER),
        "provincial_specialist": users["provincial_specialist"],
        "ministry_specialist": users["ministry_specialist"],
        "statistics_officer": users["statistics_officer"],
        "leader": users["leader"],
        "auditor": users["auditor"],
        "administrator": users["administrator"],
        "ha_tinh_civil_status_officer": make(
            "hotich_hatinh", commune_ha_tinh, Role.CIVIL_STATUS_OFFICER
        ),
        "ha_tinh_enforcement_officer": make("chv_hatinh", office_ha_tinh, Role.ENFORCEMENT_OFFICER),
        "ha_tinh_legal_aid_officer": make("trogiup_hatinh", centre_ha_tinh, Role.LEGAL_AID_OFFICER),
        "ha_tinh_provincial_specialist": users["provincial_specialist_ha_tinh"],
    }


@transaction.atomic
def objects(world: World, people: dict[str, Any]) -> dict[str, Any]:
    """One object of each kind, all in Nghệ An; the values fill the URLs' parameters."""
    officer = people["civil_status_officer"]
    registration = civil_status_factories.birth(
        officer, world.vinh, signer_name="Lê Văn Hùng", signer_title="Phó Chủ tịch"
    )
    extract = extract_services.extract_issue(
        actor=officer, registration=registration, kind=Extract.Kind.ORIGINAL
    )
    application = application_services.application_accept(
        actor=officer, application=civil_status_factories.application(officer, world.vinh)
    )

    enforcement = enforcement_services.case_open(
        actor=people["enforcement_officer"],
        place=world.vinh,
        judgment=judgment(),
        request=request(),
        decision_number="1/QĐ-THADS",
        decision_date=D(2026, 4, 27),
        parties=[obligor(), OBLIGEE],
        obligations=[enforcement_services.ObligationData("money", 100_000_000)],
    )
    administrative = administrative_services.administrative_open(
        actor=people["enforcement_officer"],
        place=world.vinh,
        data=administrative_services.AdministrativeData(
            court_name="Tòa án nhân dân tỉnh Nghệ An",
            number="12/2026/HC-ST",
            issued_on=D(2026, 3, 20),
            effective_on=D(2026, 4, 20),
            received_on=D(2026, 6, 1),
            body_name="Ủy ban nhân dân phường Trường Vinh",
            obligation="Hủy Quyết định thu hồi đất số 112/QĐ-UBND",
        ),
    )
    legal_aid = legal_aid_services.notice_record(
        actor=people["legal_aid_officer"],
        place=world.vinh,
        data=request_data(),
        notice=notice_data(),
    )

    ministry = people["ministry_specialist"]
    law = legislation_factories.sample_law(ministry)
    local = resolution(ministry, world.nghe_an)
    check = opened(people["provincial_specialist"], local)
    document_services.obligations_propose(actor=ministry, document=law)
    obligation = DetailingObligation.objects.filter(document=law).order_by("pk").first()
    amending = legislation_factories.detailing(
        ministry,
        "99/2026/QH15",
        doc_type="law",
        issuer="Quốc hội",
        signed_on=D(2026, 9, 1),
        effective_on=D(2027, 1, 1),
        title="Luật sửa đổi",
    )
    document_services.relation_add(
        actor=ministry, source=amending, target=law, kind=RelationKind.AMENDS
    )
    task = ReviewTask.objects.get(responsible="Hội đồng nhân dân tỉnh Nghệ An")
    finance = programme_factories.central(world)
    programme = programme_factories.programme(ministry)
    item = programme_factories.item(ministry, programme, finance)
    dossier = programme_factories.draft(ministry, finance, received_on=D(2026, 10, 1), of=item)

    inspector = account_factories.user("thanhtra_nghean", world.doj_nghe_an, Role.INSPECTOR)
    letter = reception_services.letter_register(
        actor=inspector,
        data=reception_services.LetterData(
            received_on=D(2026, 11, 2),
            channel=Channel.POST,
            content="Khiếu nại việc bồi thường khi thu hồi đất tại phường Trường Vinh",
            senders=(reception_services.SenderData("Nguyễn Văn Khải", "040090001234"),),
        ),
    )
    complaint = complaint_services.complaint_open(
        actor=inspector,
        place=world.vinh,
        data=complaint_services.ComplaintData(
            subject="Khiếu nại quyết định thu hồi đất",
            content="Khiếu nại Quyết định số 12/QĐ-UBND",
            act_kind="decision",
            act_description="Quyết định số 12/QĐ-UBND",
            respondent="Chủ tịch UBND phường Trường Vinh",
            known_on=D(2026, 10, 20),
            received_on=D(2026, 11, 2),
            complainants=(complaint_services.ComplainantData("Lê Văn Khiếu"),),
        ),
    )
    denunciation = denunciation_services.denunciation_open(
        actor=inspector,
        place=world.vinh,
        data=denunciation_services.DenunciationData(
            subject="Tố cáo cán bộ địa chính",
            content="Nhận tiền để làm nhanh hồ sơ",
            field="official_duty",
            denounced_name="Nguyễn Văn Bị Tố",
            denounced_position="Công chức địa chính",
            received_on=D(2026, 11, 2),
            denouncers=(denunciation_services.DenouncerData("Trần Thị Tố Giác"),),
        ),
    )
    complaint_services.complaint_accept(actor=inspector, case=complaint.case, on=D(2026, 11, 5))
    denunciation_services.denunciation_accept(
        actor=inspector, case=denunciation.case, on=D(2026, 11, 5)
    )

    # An inspection decided by Nghệ An's Department of Justice.
    inspection = inspection_services.inspection_open(actor=inspector, data=inspection_tests.data())
    # A decided state compensation claim of Nghệ An's police (its officer is no persona).
    compensation = compensation_tests.decided(world, compensation_tests.agencies(world))

    message = population_services.outbox_enqueue(
        kind="birth", payload=birth_payload(1), subject=world.nghe_an, province=world.nghe_an
    )
    OutboxMessage.objects.filter(pk=message.pk).update(status=MessageStatus.NEEDS_RECONCILIATION)
    version = ReportVersion.objects.create(
        key="access-table",
        number=1,
        stage="official",
        period="2025",
        level="province",
        boundaries="new",
        place=world.nghe_an,
        indicators=[],
        rows=[],
        agency=world.doj_nghe_an,
        issued_by=people["statistics_officer"],
        issued_at=NOW,
    )
    form_report = aggregate_services.report_open(
        actor=officer, data_set=aggregate_testing.sample_data_set(), period="2026H1"
    )
    review_version = ReviewVersion.objects.create(
        key="access-table-review",
        number=1,
        stage="official",
        year=2025,
        place=world.nghe_an,
        boundaries="new",
        cut_off=None,
        sections=[],
        agency=world.doj_nghe_an,
        issued_by=people["statistics_officer"],
        issued_at=NOW,
    )
    return {
        "review_version": review_version.pk,
        "historic_batch": aggregate_testing.historic_batch(world).pk,
        "unit": world.nghe_an.pk,
        "registration": registration.pk,
        "entry_number": registration.entry_number,
        "person": registration.person_id,
        "book": registration.book_id,
        "extract": extract.pk,
        "code": extract.code,
        "application": application.pk,
        "application_case": application.case_id,
        "enforcement": enforcement.case_id,
        "administrative": administrative.case_id,
        "legal_aid": legal_aid.case_id,
        "document": law.pk,
        "local_document": local.pk,
        "obligation": obligation.pk if obligation else 0,
        "check": check.case_id,
        "task": task.pk,
        "task_item": task.items.get().pk,
        "year": programme.year,
        "item": item.pk,
        "dossier": dossier.case_id,
        "finance": finance.pk,
        "enforcement_office": people["enforcement_officer"].agency_id,
        "enforcement_officer_user": people["enforcement_officer"].pk,
        "message": message.pk,
        "version": version.pk,
        "letter": letter.pk,
        "compensation": compensation.case_id,
        "inspection": inspection.case_id,
        "complaint": complaint.case_id,
        "denunciation": denunciation.case_id,
        "form_report": form_report.pk,
        **outreach_world.access_objects(world),
    }
