"""A year of civil status work for benchmarks and reports, registered through the services.

``generate`` draws ``births`` new birth registrations and, in the proportions of Vietnam's 2024
figures (docs/domain/civil_status.md §11), birth re-registrations, deaths and marriages, spreads
them over the working days of one year in a set of communes, and registers each one through
``services.birth_register``/``death_register``/``marriage_register`` as the commune's civil status
officer, in date order (so each book's numbers run with the dates, as on paper). Each commune gets
an officer (and a People's Committee) where it has none.

The draw (``build_plan``) is a pure function of the seed and the communes: the same seed on the
same places gives the same people, dates and entries. Counts are exact, not random: a category is
``ceil(births × share)``, so a small run still has at least one late, foreign-element, re-registered
or later-marriage entry.
"""

from __future__ import annotations

import datetime
import math
import random
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Final

from django.db.models import Q

from tuphap.accounts import services as account_services
from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.civil_status.registration import pins, services
from tuphap.civil_status.registration.models import EventType, Person, Registration
from tuphap.civil_status.registration.services import (
    Declarant,
    ParentData,
    PersonData,
    PossibleDuplicate,
)
from tuphap.core.calendar import default_calendar
from tuphap.core.errors import ValidationFailed
from tuphap.places.models import AdministrativeUnit, Level
from tuphap.population.known import KnownCitizen

# -- national proportions (2024, sggp 16/12/2024 via domain.md §2.5; GSO/nhandan for timeliness) --

NATIONAL_BIRTHS: Final = 1_400_000  # new birth registrations
RE_REGISTRATION_SHARE: Final = 434_902 / NATIONAL_BIRTHS
DEATH_SHARE: Final = 654_031 / NATIONAL_BIRTHS
MARRIAGE_SHARE: Final = 616_475 / NATIONAL_BIRTHS
FOREIGN_BIRTH_SHARE: Final = 8_652 / NATIONAL_BIRTHS
FOREIGN_MARRIAGE_SHARE: Final = 25_408 / 616_475
LATE_BIRTH_SHARE: Final = 0.151  # 84.9% registered within 60 days
LATE_DEATH_SHARE: Final = 0.307  # 69.3% registered within 15 days
# Not published [U]: the share of second or later marriages and of parents who give a PIN.
LATER_MARRIAGE_SHARE: Final = 0.08
MOTHER_PIN_SHARE: Final = 0.75
FATHER_PIN_SHARE: Final = 0.6
NO_FATHER_SHARE: Final = 0.04
# 1.4 M births over 3,321 communes: the default number of communes for a run.
BIRTHS_PER_COMMUNE: Final = 420

# -- names ---------------------------------------------------------------------------------------

FAMILY_NAMES: Final = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 3),
    ("Phan", 3), ("Vũ", 3), ("Võ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1),
    ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Trịnh", 1), ("Lương", 1), ("Mai", 1),
    ("Tạ", 1), ("Cao", 1), ("Lâm", 1), ("Hà", 1), ("Tô", 1), ("Quách", 1), ("Vương", 1),
)  # fmt: skip
MIDDLE_NAMES: Final = {
    "male": ("Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Công", "Gia", "Bảo", "Hoàng",
             "Anh", "Tuấn", "Quốc", "Trọng", "Xuân", "Đình", "Ngọc"),
    "female": ("Thị", "Ngọc", "Thu", "Thanh", "Minh", "Khánh", "Bảo", "Phương", "Thùy", "Mai",
               "Hồng", "Kim", "Diệu", "Thảo", "Như", "Hải"),
}  # fmt: skip
GIVEN_NAMES: Final = {
    "male": ("An", "Bảo", "Bình", "Cường", "Duy", "Dũng", "Đạt", "Đức", "Hải", "Hiếu",
             "Hoàng", "Hùng", "Huy", "Khang", "Khoa", "Khôi", "Kiên", "Lâm", "Long", "Minh",
             "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành",
             "Thịnh", "Tiến", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Vũ"),
    "female": ("An", "Anh", "Châu", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng",
               "Hiền", "Hoa", "Hồng", "Huyền", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai",
               "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm",
               "Thảo", "Thủy", "Trang", "Trâm", "Uyên", "Vân", "Vy", "Yến"),
}  # fmt: skip
ETHNICITIES: Final = (
    ("Kinh", 85), ("Tày", 2), ("Thái", 2), ("Mường", 2), ("Khmer", 2), ("Hoa", 1),
    ("Nùng", 1), ("Mông", 2), ("Dao", 1), ("Gia Rai", 1), ("Ê Đê", 1),
)  # fmt: skip
# Nationality: (family names, male given names, female given names).
FOREIGN: Final = {
    "Hàn Quốc": (("Kim", "Lee", "Park", "Choi"), ("Min-jun", "Ji-hoon"), ("Seo-yeon", "Ji-woo")),
    "Trung Quốc": (("Wang", "Li", "Zhang", "Liu"), ("Wei", "Lei"), ("Fang", "Jing")),
    "Đài Loan (Trung Quốc)": (("Chen", "Lin", "Huang"), ("Chih-wei", "Jun-hao"), ("Mei-ling",)),
    "Nhật Bản": (("Sato", "Suzuki", "Takahashi"), ("Haruto", "Sota"), ("Yui", "Hina")),
    "Hoa Kỳ": (("Smith", "Johnson", "Brown"), ("John", "Michael"), ("Emily", "Sarah")),
}
PLACES_OF_DEATH: Final = ("Tại nhà", "Bệnh viện đa khoa tỉnh", "Trạm y tế xã")
CAUSES_OF_DEATH: Final = ("Bệnh già", "Bệnh tật", "Tai nạn giao thông", "Đột quỵ")


# -- volumes -------------------------------------------------------------------------------------


def _share(count: int, share: float, *, room: int) -> int:
    """``share`` of ``count`` rounded up, at most ``room`` (what the other categories leave)."""
    return max(0, min(math.ceil(count * share), room))


@dataclass(frozen=True)
class Volumes:
    """How many entries of each kind a run of ``births`` new births registers."""

    births: int
    late_births: int
    foreign_births: int
    re_registrations: int
    deaths: int
    late_deaths: int
    marriages: int
    later_marriages: int
    foreign_marriages: int

    @classmethod
    def of(cls, births: int) -> Volumes:
        marriages = round(births * MARRIAGE_SHARE)
        deaths = round(births * DEATH_SHARE)
        late_births = _share(births, LATE_BIRTH_SHARE, room=births)
        later_marriages = _share(marriages, LATER_MARRIAGE_SHARE, room=marriages)
        return cls(
            births=births,
            late_births=late_births,
            foreign_births=_share(births, FOREIGN_BIRTH_SHARE, room=births - late_births),
            re_registrations=round(births * RE_REGISTRATION_SHARE),
            deaths=deaths,
            late_deaths=_share(deaths, LATE_DEATH_SHARE, room=deaths),
            marriages=marriages,
            later_marriages=later_marriages,
            foreign_marriages=_share(
                marriages, FOREIGN_MARRIAGE_SHARE, room=marriages - later_marriages
            ),
        )

    @property
    def registrations(self) -> int:
        return self.births + self.re_registrations + self.deaths + self.marriages


# -- places and officers -------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A commune registering in the run, over the days it exists in the year."""

    id: int
    code: str
    name: str
    pin_prefix: str  # the 3-digit province code PINs issued there start with
    days: tuple[datetime.date, ...]  # its working days in the period


def period(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """1 January to 31 December, or to yesterday for the current year."""
    if year > today.year or (year == today.year and today.month == 1 and today.day == 1):
        raise ValidationFailed(
            "The year has not begun yet.", fields={"year": "Choose a year that has begun."}
        )
    last = datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), min(last, today - datetime.timedelta(days=1))


def _working_days(first: datetime.date, last: datetime.date) -> tuple[datetime.date, ...]:
    calendar = default_calendar()
    count = (last - first).days + 1
    days = (first + datetime.timedelta(days=offset) for offset in range(max(count, 0)))
    return tuple(day for day in days if calendar.is_working_day(day))


def _pin_prefix(province: AdministrativeUnit | None) -> str:
    code = f"0{province.code}" if province is not None else ""
    return code if code in pins.PROVINCE_CODES else "001"


def choose_places(
    *, seed: int, year: int, today: datetime.date, communes: int | None, province: str | None
) -> list[Place]:
    """``communes`` communes (by default one per 420 births, set by the caller) valid on the last
    day of the period, of ``province`` if given, drawn by the seed."""
    first, last = period(year, today)
    units = AdministrativeUnit.objects.filter(level=Level.COMMUNE).valid_on(last)
    if province:
        units = units.filter(province__code=province)
    candidates = list(units.select_related("province").order_by("code", "pk"))
    if not candidates:
        where = f" of province {province}" if province else ""
        raise ValidationFailed(
            f"No commune{where} exists on {last.isoformat()}: load the places first.",
            fields={"province" if province else "communes": "No commune to register in."},
        )
    wanted = min(communes or 1, len(candidates))
    chosen = sorted(random.Random(f"{seed}-communes").sample(candidates, wanted), key=_by_code)  # noqa: S311
    places = []
    for unit in chosen:
        days = _working_days(max(first, unit.valid_from or first), min(last, unit.valid_to or last))
        if days:
            places.append(Place(unit.pk, unit.code, unit.name, _pin_prefix(unit.province), days))
    return places


def _by_code(unit: AdministrativeUnit) -> tuple[str, int]:
    return unit.code, unit.pk


def _free(model: Any, field_name: str, value: str) -> str:
    """``value``, or ``value-2``, ``value-3``… when taken."""
    candidate, number = value, 1
    while model.objects.filter(**{field_name: candidate}).exists():
        number += 1
        candidate = f"{value}-{number}"
    return candidate


def officer_for(commune: AdministrativeUnit) -> User:
    """An active civil status officer of a People's Committee covering ``commune``; the committee
    and the officer are created (through the account services) where there is none."""
    committees = Agency.objects.filter(
        kind=AgencyKind.COMMUNE_COMMITTEE, jurisdiction=commune
    ).order_by("pk")
    officer = (
        User.objects.filter(
            agency__in=committees, roles__role=Role.CIVIL_STATUS_OFFICER, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if officer is not None:
        return officer
    committee = committees.first()
    if committee is None:
        department = (
            Agency.objects.filter(
                kind=AgencyKind.DEPARTMENT_OF_JUSTICE, jurisdiction=commune.province_id
            )
            .order_by("pk")
            .first()
        )
        committee = account_services.agency_create(
            actor=None,
            code=_free(Agency, "code", f"UBND-{commune.code}"),
            name=f"UBND {commune.name}",
            kind=AgencyKind.COMMUNE_COMMITTEE,
            level=AgencyLevel.COMMUNE,
            parent=department,
            province=commune.province,
            jurisdiction=[commune],
            valid_from=commune.valid_from,
            valid_to=commune.valid_to,
        )
    return account_services.user_create(
        actor=None,
        username=_free(User, "username", f"hotich.{commune.code}"),
        password=secrets.token_urlsafe(24),  # nobody signs in as the generator's officer
        agency=committee,
        roles=[Role.CIVIL_STATUS_OFFICER],
        full_name=f"Công chức tư pháp - hộ tịch {commune.name}",
        check_password=False,
    )


# -- drawing people ------------------------------------------------------------------------------


@dataclass
class _Drawer:
    rng: random.Random
    used_pins: set[str] = field(default_factory=set)

    def name(self, sex: str) -> tuple[str, str, str]:
        family = self.rng.choices([n for n, _w in FAMILY_NAMES], [w for _n, w in FAMILY_NAMES])
        return (
            family[0],
            self.rng.choice(MIDDLE_NAMES[sex]),
            self.rng.choice(GIVEN_NAMES[sex]),
        )

    def ethnicity(self) -> str:
        names = [name for name, _weight in ETHNICITIES]
        return self.rng.choices(names, [weight for _name, weight in ETHNICITIES])[0]

    def pin(self, prefix: str, born: datetime.date, sex: str) -> str:
        """A PIN unused in this run, as the population database issues them."""
        if self.rng.random() < 0.3:  # born and first registered in another province
            prefix = self.rng.choice(sorted(pins.PROVINCE_CODES))
        head = f"{prefix}{pins.century_sex_digit(born.year, sex)}{born.year % 100:02d}"
        while True:
            pin = f"{head}{self.rng.randrange(1_000_000):06d}"
            if pin not in self.used_pins:
                self.used_pins.add(pin)
                return pin

    def person(self, place: Place, sex: str, born: datetime.date, *, pin: bool) -> PersonData:
        family, middle, given = self.name(sex)
        return PersonData(
            family_name=family,
            middle_name=middle,
            given_name=given,
            sex=sex,
            date_of_birth=born,
            ethnicity=self.ethnicity(),
            residence=place.name,
            native_place=place.name,
            pin=self.pin(place.pin_prefix, born, sex) if pin else "",
        )

    def foreigner(self, sex: str, born: datetime.date) -> PersonData:
        nationality = self.rng.choice(sorted(FOREIGN))
        families, men, women = FOREIGN[nationality]
        return PersonData(
            family_name=self.rng.choice(families),
            given_name=self.rng.choice(men if sex == "male" else women),
            sex=sex,
            date_of_birth=born,
            ethnicity="",
            nationality=nationality,
            residence=nationality,
        )

    def days_before(self, day: datetime.date, low: int, high: int) -> datetime.date:
        return day - datetime.timedelta(days=self.rng.randint(low, high))

    def years_before(self, day: datetime.date, low: int, high: int) -> datetime.date:
        """A birthday making the person ``low``–``high`` full years old on ``day``."""
        return day - datetime.timedelta(days=self.rng.randint(low * 366, high * 365 + 364))


# -- the plan ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One registration to make: the service, the day, the commune and the other arguments."""

    day: datetime.date
    place: int  # index in the run's places
    kind: str  # an EventType value
    number: int  # order within the kind, for a stable sort
    arguments: dict[str, Any]


def _parent(
    draw: _Drawer, place: Place, sex: str, child_born: datetime.date, *, pin_share: float
) -> ParentData:
    born = draw.years_before(child_born, 18 if sex == "female" else 20, 42)
    family, middle, given = draw.name(sex)
    return ParentData(
        full_name=f"{family} {middle} {given}",
        year_of_birth=born.year,
        ethnicity=draw.ethnicity(),
        residence=place.name,
        pin=draw.pin(place.pin_prefix, datetime.date(born.year, 1, 1), sex)
        if draw.rng.random() < pin_share
        else "",
    )


def _foreign_parent(draw: _Drawer, sex: str, child_born: datetime.date) -> ParentData:
    person = draw.foreigner(sex, draw.years_before(child_born, 20, 45))
    assert person.date_of_birth is not None  # noqa: S101 - set just above
    return ParentData(
        full_name=person.full_name,
        year_of_birth=person.date_of_birth.year,
        ethnicity="",
        nationality=person.nationality,
        residence=person.residence,
    )


def _birth(
    draw: _Drawer, place: Place, day: datetime.date, number: int, seed: int, kind: str
) -> dict[str, Any]:
    """``kind``: on_time, late, foreign (on time, one foreign parent) or re_registration."""
    rng = draw.rng
    sex = rng.choice(("male", "female"))
    if kind == "re_registration":  # born and registered before 2016, the register lost
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randint(0, 24_105))
    elif kind == "late":  # past the 60 days even after any holiday roll-forward
        born = draw.days_before(day, 75, 1460)
    else:
        born = draw.days_before(day, 1, 50)
    adult = kind == "re_registration" and born.year <= 2008
    child = draw.person(place, sex, born, pin=adult and rng.random() < 0.8)
    mother = _parent(draw, place, "female", born, pin_share=MOTHER_PIN_SHARE)
    father: ParentData | None = _parent(draw, place, "male", born, pin_share=FATHER_PIN_SHARE)
    if kind == "foreign":
        if rng.random() < 0.8:
            father = _foreign_parent(draw, "male", born)
        else:
            mother = _foreign_parent(draw, "female", born)
    elif rng.random() < NO_FATHER_SHARE:
        father = None
    child = replace(
        child,
        family_name=(father or mother).full_name.split(" ")[0],
        place_of_birth=rng.choice((f"Trạm y tế {place.name}", "Bệnh viện đa khoa tỉnh")),
    )
    declarant = father if father is not None and father.nationality == "Việt Nam" else mother
    return {
        "child": child,
        "mother": mother,
        "father": father,
        "declarant": Declarant(declarant.full_name, "cha" if declarant is father else "mẹ"),
        "birth_certificate_number": f"{number}/{day.year}/G{seed}",
        "re_registration": kind == "re_registration",
        "foreign_element": kind == "foreign",
    }


def _death(draw: _Drawer, place: Place, day: datetime.date, late: bool) -> dict[str, Any]:
    rng = draw.rng
    died = draw.days_before(day, 25, 700) if late else draw.days_before(day, 0, 12)
    low, high = (0, 15) if rng.random() < 0.03 else (40, 98)
    born = draw.years_before(died, low, high)
    sex = rng.choice(("male", "female"))
    family, middle, given = draw.name(rng.choice(("male", "female")))
    return {
        "deceased": draw.person(place, sex, born, pin=rng.random() < 0.95),
        "died_on": died,
        "place_of_death": rng.choice(PLACES_OF_DEATH),
        "cause": rng.choice(CAUSES_OF_DEATH),
        "declarant": Declarant(f"{family} {middle} {given}", rng.choice(("con", "vợ", "chồng"))),
    }


def _marriage(
    draw: _Drawer, place: Place, day: datetime.date, later: bool, foreign: bool
) -> dict[str, Any]:
    rng = draw.rng
    low, high = (30, 60) if later else (21, 40)
    husband_born = draw.years_before(day, low, high)
    wife_born = draw.years_before(day, low - 2, high - 2)
    husband = draw.person(place, "male", husband_born, pin=True)
    wife = draw.person(place, "female", wife_born, pin=True)
    if foreign:
        if rng.random() < 0.8:  # most are a Vietnamese woman marrying a foreign man
            husband = draw.foreigner("male", husband_born)
        else:
            wife = draw.foreigner("female", wife_born)
    husband_again = later and rng.random() < 0.6
    return {
        "husband": husband,
        "wife": wife,
        "husband_previously_married": husband_again,
        "wife_previously_married": later and not husband_again,
        "foreign_element": foreign,
    }


def _kinds(volumes: Volumes, rng: random.Random) -> list[tuple[str, str]]:
    """(event, variant) for every entry of the run, shuffled so that variants spread over the
    year and the communes."""
    births = volumes.births - volumes.late_births - volumes.foreign_births
    marriages = volumes.marriages - volumes.later_marriages - volumes.foreign_marriages
    kinds = (
        [(EventType.BIRTH.value, "on_time")] * births
        + [(EventType.BIRTH.value, "late")] * volumes.late_births
        + [(EventType.BIRTH.value, "foreign")] * volumes.foreign_births
        + [(EventType.BIRTH.value, "re_registration")] * volumes.re_registrations
        + [(EventType.DEATH.value, "on_time")] * (volumes.deaths - volumes.late_deaths)
        + [(EventType.DEATH.value, "late")] * volumes.late_deaths
        + [(EventType.MARRIAGE.value, "first")] * marriages
        + [(EventType.MARRIAGE.value, "later")] * volumes.later_marriages
        + [(EventType.MARRIAGE.value, "foreign")] * volumes.foreign_marriages
    )
    rng.shuffle(kinds)
    return kinds


def build_plan(*, volumes: Volumes, places: list[Place], seed: int) -> list[Entry]:
    """Every entry of the run in the order it is registered: by day, then commune."""
    if not places:
        raise ValidationFailed("No commune to register in.", fields={"communes": "None valid."})
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    draw = _Drawer(rng)
    weights = [rng.uniform(0.3, 3.0) for _place in places]  # communes differ in size
    entries = []
    for number, (kind, variant) in enumerate(_kinds(volumes, rng), start=1):
        index = rng.choices(range(len(places)), weights)[0]
        place = places[index]
        day = rng.choice(place.days)
        if kind == EventType.BIRTH:
            arguments = _birth(draw, place, day, number, seed, variant)
        elif kind == EventType.DEATH:
            arguments = _death(draw, place, day, variant == "late")
        else:
            arguments = _marriage(draw, place, day, variant == "later", variant == "foreign")
        entries.append(Entry(day, index, kind, number, arguments))
    entries.sort(key=lambda entry: (entry.day, places[entry.place].code, entry.number))
    return entries


def _pins(arguments: dict[str, Any]) -> Iterable[str]:
    for value in arguments.values():
        pin = getattr(value, "pin", "")
        if pin:
            yield pin


def release_taken_pins(entries: list[Entry], *, seed: int) -> list[Entry]:
    """The plan with any PIN an earlier run already gave a person replaced by a free one."""
    wanted = sorted({pin for entry in entries for pin in _pins(entry.arguments)})
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found = Person.objects.filter(pin__in=chunk).values_list("pin", flat=True)
        taken.update(pin for pin in found if pin)
    if not taken:
        return entries
    draw = _Drawer(random.Random(f"{seed}-pins"), used_pins=set(wanted) | taken)  # noqa: S311
    released = []
    for entry in entries:
        changes = {}
        for name, value in entry.arguments.items():
            if getattr(value, "pin", "") in taken:
                born = getattr(value, "date_of_birth", None) or datetime.date(
                    value.year_of_birth, 1, 1
                )
                sex = getattr(value, "sex", "female" if name == "mother" else "male")
                fresh = draw.pin(value.pin[:3], born, sex)
                changes[name] = replace(value, pin=fresh)
        released.append(
            replace(entry, arguments={**entry.arguments, **changes}) if changes else entry
        )
    return released


def known_citizens(entries: list[Entry]) -> list[KnownCitizen]:
    """Everyone in the plan who already has a PIN (the re-registered adults, the parents who
    give one, the deceased, the spouses): citizens the population database held before the run.
    A parent's day of birth is not drawn; 1 January of the year stands for it, as in their PIN.
    """
    known: dict[str, KnownCitizen] = {}
    for entry in entries:
        for name, value in entry.arguments.items():
            pin = getattr(value, "pin", "")
            if not pin or pin in known:
                continue
            if isinstance(value, PersonData):
                assert value.date_of_birth is not None  # noqa: S101 - the draw always sets it
                sex, born = value.sex, value.date_of_birth
            elif value.year_of_birth is not None:
                sex = "female" if name == "mother" else "male"
                born = datetime.date(value.year_of_birth, 1, 1)
            else:
                continue
            known[pin] = KnownCitizen(
                pin=pin, full_name=value.full_name, sex=sex, date_of_birth=born.isoformat()
            )
    return list(known.values())


# -- registering ---------------------------------------------------------------------------------

SERVICES: Final[dict[str, Callable[..., Registration]]] = {
    EventType.BIRTH: services.birth_register,
    EventType.DEATH: services.death_register,
    EventType.MARRIAGE: services.marriage_register,
}


@dataclass
class Result:
    registrations: Counter[str] = field(default_factory=Counter)
    duplicates_confirmed: int = 0
    seconds: float = 0.0
    communes: int = 0

    @property
    def total(self) -> int:
        return sum(self.registrations.values())

    @property
    def rate(self) -> float:
        return self.total / self.seconds if self.seconds else 0.0


def _label(registration: Registration) -> str:
    label = str(registration.event_type)
    if registration.is_re_registration:
        return f"{label}.re_registered"
    if registration.has_foreign_element:
        label = f"{label}.foreign"
    elif registration.on_time is False:
        label = f"{label}.late"
    elif registration.details.get("first_marriage") is False:
        label = f"{label}.later"
    return label


def register(
    entry: Entry, *, officer: User, commune: AdministrativeUnit
) -> tuple[Registration, bool]:
    """Make one entry through its service; a possible duplicate is a different person with the
    same name, birthday and mother (the draw does not reuse people): confirm and go on. Returns
    the registration and whether a duplicate was confirmed."""
    service = SERVICES[entry.kind]
    arguments = {
        **entry.arguments,
        "actor": officer,
        "commune": commune,
        "registered_on": entry.day,
    }
    try:
        return service(**arguments), False
    except PossibleDuplicate:
        return service(**arguments, different_person_confirmed=True), True


def run(entries: list[Entry], places: list[Place], *, progress: Any = None) -> Result:
    """Register the entries in order, each in its own transaction, as each commune's officer."""
    units = AdministrativeUnit.objects.select_related("province").in_bulk([p.id for p in places])
    communes = [units[place.id] for place in places]
    officers = [officer_for(commune) for commune in communes]
    result = Result(communes=len(places))
    started = time.perf_counter()
    for entry in entries:
        registration, confirmed = register(
            entry, officer=officers[entry.place], commune=communes[entry.place]
        )
        result.registrations[_label(registration)] += 1
        result.duplicates_confirmed += confirmed
        if progress is not None:
            progress.update(1)
    result.seconds = time.perf_counter() - started
    return result


def already_generated(seed: int, year: int) -> bool:
    """Whether this seed already registered births in ``year`` (a rerun would add them again)."""
    return Registration.objects.filter(
        Q(event_type=EventType.BIRTH)
        & Q(year=year)
        & Q(details__birth_certificate_number__endswith=f"/{year}/G{seed}")
    ).exists()


def rollup_codes() -> list[str]:
    """The stored civil status indicators (the rates are computed from them)."""
    from tuphap.civil_status.registration import indicators

    return [indicator.code for indicator in indicators.INDICATORS if indicator.source is not None]
