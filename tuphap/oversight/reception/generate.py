"""A consistent dataset of letters and receptions, written through the services, for the demo,
the statistics and the benchmarks.

``ensure_receivers`` gives every Department of Justice (one per province; created for the new
provinces where none exists) a generator inspector. ``generate`` draws ``count`` letters over a
span of days, each received by one department, and plays each through the services: several
senders now and then, the same sender writing again (a duplicate, linked), another sender on
the same matter; the classification (complaint, denunciation, petition, not eligible), within
competence (taken up) or outside (guided, or transferred once and sometimes urged), or left
unhandled for the recent ones; and a reception session for about one letter in four. A pure
function of the seed and of the agencies in the database.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.accounts.services import user_create
from tuphap.oversight.reception import rules, services
from tuphap.oversight.reception.models import Letter
from tuphap.places.models import REORGANISATION_DATE, AdministrativeUnit, Level

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Phan")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Lan", "Minh", "Nam", "Thảo", "Tú", "Yến")
PLACES = ("phường Trường Vinh", "xã Hưng Nguyên", "phường Thành Sen", "xã Nghi Lộc", "xã Diễn Châu")
SUBJECTS: dict[str, list[tuple[str, str]]] = {
    "complaint": [
        ("land", "Khiếu nại quyết định thu hồi đất và phương án bồi thường, hỗ trợ tái định cư"),
        ("judgment_enforcement", "Khiếu nại quyết định cưỡng chế kê biên tài sản để thi hành án"),
        (
            "administrative",
            "Khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực hộ tịch",
        ),
        ("policy", "Khiếu nại việc không được hưởng trợ cấp xã hội hằng tháng"),
    ],
    "denunciation": [
        ("corruption", "Tố cáo cán bộ nhận tiền của người dân khi giải quyết thủ tục hành chính"),
        ("land", "Tố cáo việc giao đất trái thẩm quyền cho hộ gia đình"),
        ("judicial", "Tố cáo công chức tư pháp hộ tịch sách nhiễu người dân"),
    ],
    "petition": [
        ("judicial", "Kiến nghị rút ngắn thời gian cấp phiếu lý lịch tư pháp"),
        (
            "administrative",
            "Phản ánh việc niêm yết thủ tục hành chính không đầy đủ tại bộ phận một cửa",
        ),
        ("other", "Kiến nghị sửa chữa hệ thống chiếu sáng công cộng của khu dân cư"),
        ("policy", "Phản ánh chậm chi trả chế độ cho người có công"),
    ],
    "not_eligible": [
        ("other", "Đơn không ghi rõ nội dung, không ký tên"),
        ("other", "Đơn nặc danh phản ánh chung chung về tình hình khu phố"),
    ],
}
CLASSES = ["complaint", "denunciation", "petition", "not_eligible"]
CLASS_WEIGHTS = [35, 15, 40, 10]
CHANNELS = [str(c) for c in rules.Channel.values]
CHANNEL_WEIGHTS = [30, 15, 30, 12, 10, 3]
REASONS = [str(r) for r in rules.IneligibleReason.values]


@dataclass
class Receiver:
    agency: Agency
    inspector: User


@dataclass
class Result:
    letters: int = 0
    duplicates: int = 0
    receptions: int = 0
    handling: Counter[str] = field(default_factory=Counter)


def inspector_for(agency: Agency) -> User:
    """The generator's own inspector of ``agency`` (no password: nobody signs in with it)."""
    username = f"thanhtra-generator-{agency.code.lower()}"
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user = user_create(
        actor=None,
        username=username,
        password=secrets.token_urlsafe(24),
        agency=agency,
        roles=[Role.INSPECTOR],
        full_name=f"Thanh tra viên (sinh dữ liệu) {agency.code}",
        check_password=False,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def ensure_receivers() -> list[Receiver]:
    """Every Department of Justice valid today, with its generator inspector; a department is
    created for each new province that has none."""
    today = timezone.localdate()
    ministry = Agency.objects.filter(level=AgencyLevel.NATIONAL).order_by("pk").first()
    departments = list(
        Agency.objects.valid_on(today)
        .filter(kind=AgencyKind.DEPARTMENT_OF_JUSTICE)
        .order_by("code")
    )
    covered = {agency.province_id for agency in departments}
    for province in AdministrativeUnit.objects.valid_on(today).filter(level=Level.PROVINCE):
        if province.pk in covered:
            continue
        code = f"STP-{province.code}"
        if Agency.objects.filter(code=code).exists():
            continue
        short = province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        agency = Agency.objects.create(
            code=code,
            name=f"Sở Tư pháp {short}",
            kind=AgencyKind.DEPARTMENT_OF_JUSTICE,
            level=AgencyLevel.PROVINCE,
            parent=ministry,
            province=province,
            valid_from=REORGANISATION_DATE,
        )
        agency.jurisdiction.set([province])
        departments.append(agency)
    return [Receiver(agency, inspector_for(agency)) for agency in departments]


def _person(rng: random.Random) -> services.SenderData:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    pin = f"0{rng.randint(1, 96):02d}{rng.randint(0, 1)}{rng.randint(0, 99999999):08d}"
    address = f"Số {rng.randint(1, 200)}, {rng.choice(PLACES)}"
    return services.SenderData(full_name=name, pin=pin[:12], address=address)


def _later(
    day: datetime.date, rng: random.Random, most: int, until: datetime.date
) -> datetime.date:
    return min(day + datetime.timedelta(days=rng.randint(0, most)), until)


def generate(
    *,
    count: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
    first_day: datetime.date | None = None,
    last_day: datetime.date | None = None,
    receivers: list[Receiver] | None = None,
) -> Result:
    """Play ``count`` letters through the services, spread over [first_day, last_day] (the
    last year by default)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    today = timezone.localdate()
    last_day = min(last_day or today, today)
    first_day = first_day or last_day - datetime.timedelta(days=364)
    receivers = receivers if receivers is not None else ensure_receivers()
    result = Result()
    if not receivers:
        return result
    span = max((last_day - first_day).days, 0)
    sent: list[tuple[Receiver, Letter, services.SenderData, str]] = []
    for index in range(count):
        receiver = rng.choice(receivers)
        day = first_day + datetime.timedelta(days=rng.randint(0, span))
        again = [row for row in sent if row[0] is receiver and row[1].received_on <= day]
        with transaction.atomic():
            if again and rng.random() < 0.08:
                # The same sender writes again: the service links it as a duplicate.
                _r, _original, person, content = rng.choice(again)
                letter = services.letter_register(
                    actor=receiver.inspector,
                    data=services.LetterData(
                        received_on=day,
                        channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                        content=content,
                        senders=(person,),
                    ),
                )
            else:
                letter, person, content, planned = _new_letter(receiver, day, rng, again, index)
                _handle(receiver, letter, planned, rng, last_day)
                letter.refresh_from_db()
            if rng.random() < 0.25:
                _reception(receiver, letter, person, rng)
                result.receptions += 1
        result.letters += 1
        result.duplicates += int(letter.duplicate_of_id is not None)
        result.handling[str(letter.handling) or "open"] += 1
        if letter.duplicate_of_id is None:
            sent.append((receiver, letter, person, content))
        if progress is not None:
            progress(1)
    return result


def _new_letter(
    receiver: Receiver,
    day: datetime.date,
    rng: random.Random,
    earlier: list[tuple[Receiver, Letter, services.SenderData, str]],
    index: int,
) -> tuple[Letter, services.SenderData, str, tuple[str, str] | None]:
    kind = rng.choices(CLASSES, CLASS_WEIGHTS)[0]
    field_code, subject = rng.choice(SUBJECTS[kind])
    person = _person(rng)
    same = None
    if earlier and rng.random() < 0.05:
        # Another sender on the same matter as an earlier letter.
        _r, same, _p, content = rng.choice(earlier)
    else:
        content = f"{subject} (hồ sơ số {index + 1}, {rng.choice(PLACES)})."
    senders: tuple[services.SenderData, ...] = (person,)
    if rng.random() < 0.06:
        senders = (
            services.SenderData(person.full_name, person.pin, person.address, representative=True),
            *(_person(rng) for _ in range(rng.randint(1, 4))),
        )
    classify_now = rng.random() < 0.3
    data = services.LetterData(
        received_on=day,
        channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
        content=content,
        senders=senders,
        subject=subject[:255],
        classification=kind if classify_now else "",
        field=field_code if classify_now and kind != "not_eligible" else "",
        competence=("within" if rng.random() < 0.55 else "outside")
        if classify_now and kind != "not_eligible"
        else "",
        ineligible_reason=rng.choice(REASONS) if classify_now and kind == "not_eligible" else "",
    )
    letter = services.letter_register(actor=receiver.inspector, data=data, same_matter_as=same)
    # What to classify it as later, when it was not classified at the desk.
    planned = None if letter.classification else (kind, field_code)
    return letter, person, content, planned


def _handle(
    receiver: Receiver,
    letter: Letter,
    planned: tuple[str, str] | None,
    rng: random.Random,
    last_day: datetime.date,
) -> None:
    actor = receiver.inspector
    if (last_day - letter.received_on).days < 15 and rng.random() < 0.5:
        return  # recent: not yet handled
    on = _later(letter.received_on, rng, 12, last_day)
    if planned is not None:
        kind, field_code = planned
        letter = services.letter_classify(
            actor=actor,
            letter=letter,
            classification=kind,
            field=field_code if kind != "not_eligible" else "",
            competence=""
            if kind == "not_eligible"
            else ("within" if rng.random() < 0.55 else "outside"),
            ineligible_reason=rng.choice(REASONS) if kind == "not_eligible" else "",
            on=on,
        )
    if letter.handling or letter.competence != rules.Competence.OUTSIDE:
        return
    on = _later(on, rng, 5, last_day)
    if rng.random() < 0.6 and services.transferred_before(letter) is None:
        letter = services.letter_transfer(
            actor=actor, letter=letter, to_name="Ủy ban nhân dân cấp tỉnh", on=on
        )
        if rng.random() < 0.2 and on < last_day:
            services.letter_urge(actor=actor, letter=letter, on=_later(on, rng, 30, last_day))
    else:
        services.letter_guide(
            actor=actor, letter=letter, to_name="Cơ quan có thẩm quyền giải quyết", on=on
        )


def _reception(
    receiver: Receiver, letter: Letter, person: services.SenderData, rng: random.Random
) -> None:
    day = letter.received_on
    online = day >= rules.ONLINE_RECEPTION_FROM and rng.random() < 0.1
    headcount = rng.choice((1, 1, 1, 2, 3, 6))
    services.reception_record(
        actor=receiver.inspector,
        data=services.ReceptionData(
            held_on=day,
            kind=rng.choice([str(k) for k in rules.SessionKind.values]),
            mode=rules.SessionMode.ONLINE if online else rules.SessionMode.IN_PERSON,
            received_by=f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}",
            citizen_name=person.full_name,
            citizen_pin=person.pin,
            citizen_address=person.address,
            headcount=headcount,
            raised=letter.subject or letter.content[:200],
        ),
    )


def rollup_codes() -> list[str]:
    from tuphap.oversight.reception import indicators

    return [i.code for i in indicators.INDICATORS if i.is_stored]
