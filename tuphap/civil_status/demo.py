"""Demo civil status work: a year of births, deaths and marriages in every demo commune, made
through the services by each commune's officer, in date order (so the register numbers run as
they would). About a tenth of births and deaths are late, some births are re-registrations, a few
entries are corrected. Idempotent: a commune that has registrations is left alone.

The births' PIN requests wait in the population gateway's outbox; the relay answers them. Most of
the deceased and the spouses already have a PIN, as adults do: they are written into the
population database stand-in's data file (``population.known``), so the relay's deaths and
marriages about them are answered, not refused for an unknown PIN.
Then the officer of each commune issues a few certificates and copies of extracts, one of them
from an entry corrected afterwards, so that the public verification page shows both answers."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from tuphap.accounts import services as account_services
from tuphap.accounts.models import Agency, AgencyKind, User
from tuphap.accounts.roles import Role
from tuphap.civil_status.applications import services as application_services
from tuphap.civil_status.applications.models import Application, Channel
from tuphap.civil_status.extracts import services as extract_services
from tuphap.civil_status.extracts.models import Extract
from tuphap.civil_status.registration import pins, services
from tuphap.civil_status.registration.models import EventType, Person, Registration
from tuphap.civil_status.registration.services import Declarant, ParentData, PersonData, common
from tuphap.core.demo import DEMO_PASSWORD, Output, step
from tuphap.places.models import AdministrativeUnit
from tuphap.population import known
from tuphap.population.known import KnownCitizen

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công"]
FEMALE_MIDDLE = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Khánh"]
MALE_GIVEN = ["An", "Bảo", "Cường", "Dũng", "Hải", "Hùng", "Khang", "Long", "Nam", "Phúc", "Quân"]
FEMALE_GIVEN = ["Anh", "Chi", "Giang", "Hà", "Hoa", "Lan", "Linh", "Mai", "Ngân", "Trang", "Vy"]
# Per commune and year; a commune averages ~420 births a year nationally, the demo is lighter.
YEARLY = {"birth": 120, "death": 60, "marriage": 50}
# The communes other than demo.hotich's get a quarter of that, to keep load_demo quick.
OTHER_COMMUNE_SHARE = 0.25


def _name(rng: random.Random, sex: str) -> tuple[str, str, str]:
    male = sex == "male"
    return (
        rng.choice(FAMILY),
        rng.choice(MALE_MIDDLE if male else FEMALE_MIDDLE),
        rng.choice(MALE_GIVEN if male else FEMALE_GIVEN),
    )


def _person(rng: random.Random, sex: str, born: datetime.date, **extra: str) -> PersonData:
    family, middle, given = _name(rng, sex)
    return PersonData(
        family_name=family,
        middle_name=middle,
        given_name=given,
        sex=sex,
        date_of_birth=born,
        **extra,
    )


# The share of the demo's adults (the deceased, the spouses) who have a PIN.
ADULT_PIN_SHARE = 0.9


class _Pins:
    """PINs for a commune's adults, drawn from their own seed (the rest of the demo's draw is
    unchanged), unused in the register; each is remembered as a citizen the population database
    holds."""

    def __init__(self, commune: AdministrativeUnit) -> None:
        self.rng = random.Random(f"pin-{commune.code}")  # noqa: S311 - demo data, not security
        prefix = common.province_code(commune)
        self.prefix = prefix if prefix in pins.PROVINCE_CODES else "001"
        self.known: list[KnownCitizen] = []

    def give(self, person: PersonData) -> PersonData:
        if self.rng.random() >= ADULT_PIN_SHARE or person.date_of_birth is None:
            return person
        born = person.date_of_birth
        head = f"{self.prefix}{pins.century_sex_digit(born.year, person.sex)}{born.year % 100:02d}"
        pin = f"{head}{self.rng.randrange(1_000_000):06d}"
        while Person.objects.filter(pin=pin).exists() or any(c.pin == pin for c in self.known):
            pin = f"{head}{self.rng.randrange(1_000_000):06d}"
        self.known.append(
            KnownCitizen(
                pin=pin,
                full_name=person.full_name,
                sex=person.sex,
                date_of_birth=born.isoformat(),
            )
        )
        return replace(person, pin=pin)


def _officer(agency: Agency) -> User:
    existing = User.objects.filter(agency=agency, roles__role=Role.CIVIL_STATUS_OFFICER).first()
    if existing is not None:
        return existing
    code = agency.code.removeprefix("UBND-")
    return account_services.user_create(
        actor=None,
        username=f"demo.hotich.{code}",
        password=DEMO_PASSWORD,
        agency=agency,
        roles=[Role.CIVIL_STATUS_OFFICER],
        full_name=f"Công chức tư pháp - hộ tịch {agency.name}",
        check_password=False,
    )


def _birth(
    rng: random.Random,
    officer: User,
    commune: AdministrativeUnit,
    day: datetime.date,
    adults: _Pins,  # unused: the demo's parents give no PIN, the child gets one at birth
) -> Callable[[], Registration]:
    sex = rng.choice(["male", "female"])
    re_registration = rng.random() < 0.08
    if re_registration:
        born = day - datetime.timedelta(days=rng.randint(365 * 10, 365 * 50))
    elif rng.random() < 0.1:
        born = day - datetime.timedelta(days=rng.randint(61, 400))
    else:
        born = day - datetime.timedelta(days=rng.randint(3, 58))
    child = _person(rng, sex, born, place_of_birth=f"Trạm y tế {commune.name}")
    mother = ParentData(" ".join(_name(rng, "female")), born.year - rng.randint(20, 35))
    father = ParentData(" ".join(_name(rng, "male")), born.year - rng.randint(22, 38))
    return lambda: services.birth_register(
        actor=officer,
        commune=commune,
        child=child,
        mother=mother,
        father=father,
        declarant=Declarant(father.full_name, "cha"),
        birth_certificate_number=f"GCS-{rng.randint(1000, 99999)}",
        re_registration=re_registration,
        different_person_confirmed=True,
        registered_on=day,
    )


def _death(
    rng: random.Random,
    officer: User,
    commune: AdministrativeUnit,
    day: datetime.date,
    adults: _Pins,
) -> Callable[[], Registration]:
    sex = rng.choice(["male", "female"])
    late = rng.random() < 0.1
    died = day - datetime.timedelta(days=rng.randint(16, 120) if late else rng.randint(0, 14))
    born = died - datetime.timedelta(days=rng.randint(365 * 45, 365 * 95))
    deceased = adults.give(_person(rng, sex, born, residence=commune.name))
    return lambda: services.death_register(
        actor=officer,
        commune=commune,
        deceased=deceased,
        died_on=died,
        place_of_death=rng.choice(["Tại nhà", "Bệnh viện đa khoa tỉnh"]),
        declarant=Declarant(" ".join(_name(rng, "male")), "con"),
        different_person_confirmed=True,
        registered_on=day,
    )


def _marriage(
    rng: random.Random,
    officer: User,
    commune: AdministrativeUnit,
    day: datetime.date,
    adults: _Pins,
) -> Callable[[], Registration]:
    husband = _person(rng, "male", day - datetime.timedelta(days=rng.randint(365 * 21, 365 * 38)))
    wife = _person(rng, "female", day - datetime.timedelta(days=rng.randint(365 * 19, 365 * 34)))
    husband, wife = adults.give(husband), adults.give(wife)
    again = rng.random() < 0.1
    return lambda: services.marriage_register(
        actor=officer,
        commune=commune,
        husband=husband,
        wife=wife,
        husband_previously_married=again,
        foreign_element=rng.random() < 0.04,
        different_person_confirmed=True,
        registered_on=day,
    )


MAKERS = {"birth": _birth, "death": _death, "marriage": _marriage}


def _working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _commune_year(
    output: Output, agency: Agency, commune: AdministrativeUnit, today: datetime.date
) -> int:
    share = (
        1.0
        if User.objects.filter(agency=agency, username="demo.hotich").exists()
        else (OTHER_COMMUNE_SHARE)
    )
    rng = random.Random(f"hotich-{commune.code}")  # noqa: S311 - demo data, not security
    officer = _officer(agency)
    start = max(today - datetime.timedelta(days=365), commune.valid_from or today)
    days = _working_days(start, today - datetime.timedelta(days=1))
    if not days:
        return 0
    plan: list[tuple[datetime.date, str]] = [
        (rng.choice(days), kind)
        for kind, count in YEARLY.items()
        for _ in range(max(1, round(count * share)))
    ]
    plan.sort()
    made: list[Registration] = []
    adults = _Pins(commune)
    for day, kind in plan:
        make: Callable[[], Registration] = MAKERS[kind](rng, officer, commune, day, adults)
        made.append(make())
    known.register_known(adults.known)
    for registration in rng.sample(made, k=min(4, len(made))):
        if registration.event_type == "birth":
            services.registration_amend(
                actor=officer,
                registration=registration,
                kind="correction",
                reason="Sai sót khi ghi tên đệm",
                legal_basis="Luật Hộ tịch 2014 Điều 26, 28",
                changes={"person.middle_name": "Gia"},
            )
    output.write(f"  {commune.name}: {len(made)} registrations")
    return len(made)


@step(40)
def civil_status_registrations(output: Output, show_progress: bool) -> None:
    today = timezone.localdate()
    committees = Agency.objects.filter(kind=AgencyKind.COMMUNE_COMMITTEE).prefetch_related(
        "jurisdiction"
    )
    total = 0
    for agency in committees.order_by("code"):
        for commune in agency.jurisdiction.all():
            if Registration.objects.filter(commune=commune).exists():
                continue
            with transaction.atomic():
                total += _commune_year(output, agency, commune, today)
    output.write(f"  {total} civil status registrations")


# -- applications in every state -------------------------------------------------------------------


def _birth_application_data(rng: random.Random, today: datetime.date) -> dict[str, object]:
    sex = rng.choice(["male", "female"])
    family, middle, given = _name(rng, sex)
    born = today - datetime.timedelta(days=rng.randint(3, 50))
    return {
        "child": {
            "family_name": family,
            "middle_name": middle,
            "given_name": given,
            "sex": sex,
            "date_of_birth": born.isoformat(),
            "place_of_birth": "Trạm y tế",
        },
        "mother": {"full_name": " ".join(_name(rng, "female")), "year_of_birth": born.year - 27},
        "birth_certificate_number": f"GCS-{rng.randint(1000, 99999)}",
    }


# The steps each demo application goes through, in order, and how many there are of each.
APPLICATION_PLAN: tuple[tuple[str, ...], ...] = (
    (),
    (),
    ("request_supplement",),
    ("accept",),
    ("accept",),
    ("accept", "register"),
    ("accept", "register", "return"),
    ("refuse",),
    ("withdraw",),
)


def _advance(officer: User, application: Application, steps: tuple[str, ...]) -> None:
    for name in steps:
        if name == "request_supplement":
            application_services.application_request_supplement(
                actor=officer,
                application=application,
                missing=["Giấy chứng sinh (bản chính)"],
                note="Hẹn bổ sung trong tuần",
            )
        elif name == "accept":
            application_services.application_accept(actor=officer, application=application)
        elif name == "register":
            application_services.application_register(
                actor=officer, application=application, different_person_confirmed=True
            )
        elif name == "return":
            application_services.application_return(actor=officer, application=application)
        elif name == "refuse":
            application_services.application_refuse(
                actor=officer,
                application=application,
                reason="Người đi đăng ký không có quan hệ với trẻ và không được ủy quyền.",
            )
        elif name == "withdraw":
            application_services.application_withdraw(
                actor=officer, application=application, reason="Người nộp xin rút hồ sơ"
            )


def _commune_applications(
    agency: Agency, commune: AdministrativeUnit, now: datetime.datetime
) -> int:
    rng = random.Random(f"hoso-{commune.code}")  # noqa: S311 - demo data, not security
    officer = _officer(agency)
    today = timezone.localdate(now)
    for index, steps in enumerate(APPLICATION_PLAN):
        data = _birth_application_data(rng, today)
        mother = data["mother"]
        assert isinstance(mother, dict)  # noqa: S101 - narrows the type
        application = application_services.application_submit(
            actor=officer,
            commune=commune,
            event_type=EventType.BIRTH,
            applicant=application_services.Applicant(mother["full_name"], relationship="mẹ"),
            data=data,
            channel=(Channel.IN_PERSON, Channel.ONLINE, Channel.POST)[index % 3],
            received_at=now - datetime.timedelta(minutes=10 * (len(APPLICATION_PLAN) - index)),
        )
        _advance(officer, application, steps)
    return len(APPLICATION_PLAN)


@step(41)
def civil_status_applications(output: Output, show_progress: bool) -> None:
    """A handful of birth applications in every state of the flow, in each demo commune that
    has none yet (idempotent)."""
    now = timezone.now()
    committees = Agency.objects.filter(kind=AgencyKind.COMMUNE_COMMITTEE).prefetch_related(
        "jurisdiction"
    )
    total = 0
    for agency in committees.order_by("code"):
        for commune in agency.jurisdiction.all():
            if not commune.is_valid_on(timezone.localdate(now)):
                continue
            if Application.objects.filter(commune=commune).exists():
                continue
            with transaction.atomic():
                total += _commune_applications(agency, commune, now)
    output.write(f"  {total} civil status applications")


def _commune_extracts(officer: User, commune: AdministrativeUnit) -> list[Extract]:
    """Originals of the latest birth, death and marriage, copies of an earlier birth; then that
    birth is corrected, so its copies show "amended since issue" on the verification page."""
    entries = Registration.objects.filter(
        commune=commune, status=Registration.Status.REGISTERED
    ).order_by("-registered_on", "-id")
    issued: list[Extract] = []
    for event_type in ("birth", "death", "marriage"):
        latest = entries.filter(event_type=event_type).first()
        if latest is not None:
            issued.append(
                extract_services.extract_issue(
                    actor=officer,
                    registration=latest,
                    kind=Extract.Kind.ORIGINAL,
                    copies=2 if event_type == "marriage" else 1,
                )
            )
    earlier = (
        entries.filter(event_type="birth", amendment_count=0)
        .exclude(pk__in=[extract.registration_id for extract in issued])
        .last()
    )
    if earlier is not None:
        issued.append(
            extract_services.extract_issue(
                actor=officer, registration=earlier, kind=Extract.Kind.COPY, copies=2
            )
        )
        services.registration_amend(
            actor=officer,
            registration=earlier,
            kind="correction",
            reason="Sai sót khi ghi nơi sinh",
            legal_basis="Luật Hộ tịch 2014 Điều 26, 28",
            changes={"person.place_of_birth": f"Trạm y tế {commune.name} (đã cải chính)"},
        )
    return issued


@step(42)
def civil_status_extracts(output: Output, show_progress: bool) -> None:
    """Idempotent: a commune whose officer has issued something is left alone."""
    total = 0
    committees = Agency.objects.filter(kind=AgencyKind.COMMUNE_COMMITTEE).prefetch_related(
        "jurisdiction"
    )
    for agency in committees.order_by("code"):
        officer = _officer(agency)
        if Extract.objects.filter(issued_by=officer).exists():
            continue
        for commune in agency.jurisdiction.all():
            with transaction.atomic():
                total += len(_commune_extracts(officer, commune))
    output.write(f"  {total} certificates and extracts issued")
    sample = Extract.objects.filter(kind=Extract.Kind.ORIGINAL).order_by("id").first()
    if sample is not None:
        output.write(f"  try the verification page /verify/ with the code {sample.code}")
