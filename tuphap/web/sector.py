"""The sector's published 2023 figures, replayed from records (issue 16; docs/domain/review.md,
"The published figures, replayed").

``calibrate(year, scale)`` turns the published figures (``PUBLISHED``, each with its source)
into the exact records each register must hold per year: enforcement cases done and money per
THADS year with the asset-recovery subset, dissemination sessions and participants per calendar
year, the documents the ministries developed and submitted (drafts through the appraisal
register) or promulgated (circulars) per year, the ministry's inspections and inter-sectoral
teams. ``build`` writes them through the registers' generators (the enforcement import's COPY
path, the dissemination sessions' bulk writer, the services for drafts, documents and
inspections); ``refresh`` computes the rollups of the months from the term's start; ``check``
reads every figure back through the report engine (``statistics.selectors.report_national``,
the engine of ``manage.py report``) and compares it with the calibration.

This module lives in the top layer because it composes several registers.
"""

from __future__ import annotations

import datetime
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.db import transaction

from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel, User
from tuphap.accounts.roles import Role
from tuphap.accounts.services import agency_create, user_create
from tuphap.enforcement.cases import generate as enforcement
from tuphap.legislation.documents import services as documents
from tuphap.legislation.documents.models import Document, DocumentType
from tuphap.legislation.programme import workflow as programme_workflow
from tuphap.legislation.programme.models import Conclusion, LegislativeDraft
from tuphap.legislation.programme.services import appraisal
from tuphap.outreach import generate as outreach
from tuphap.oversight.inspections import generate as inspections
from tuphap.statistics import selectors, services
from tuphap.statistics.registry import registry

BILLION = 1_000_000_000
# "trên X tỷ đồng" / "hơn X triệu lượt người": the published text rounds down to the unit it
# prints, so "more than X" is replayed as X and one tenth of that unit (a value that prints as
# X in the review's own text, ``statistics.formats``).
MORE_THAN_BILLION = BILLION // 10
MORE_THAN_MILLION = 100_000
MINIMUM_SCALE = Decimal("0.001")
OPEN_SHARE = Decimal("0.2")  # cases left without conditions per case done, per THADS year
FIRST_MONTH = datetime.date(2020, 10, 1)  # the THADS term's first month (term-to-date.md)
LAST_MONTH = datetime.date(2023, 12, 1)
GENERATOR_USER = "sector-generator"
# A document's number is "N/year/symbol" with N of at most four digits (``documents.rules``);
# the replay's numbers are seed × 1000 + the count of the symbol, so one digit of seed.
MAX_SEED = 9


@dataclass(frozen=True)
class Published:
    """One published figure: the indicator and window that reproduce it, and its source."""

    label: str
    code: str
    period: str
    window: str  # value | last_year | term_to_date
    value: int
    source: str


# The published figures of the 2023 review (docs/domain/review.md, "The published figures,
# replayed", gives the text of each and the derivations marked [D]).
_THADS = {
    # THADS year: (cases done, money done, asset-recovery cases done, asset-recovery money)
    2023: (
        574_819,
        89_412 * BILLION + MORE_THAN_BILLION,
        2_264,
        20_405 * BILLION + MORE_THAN_BILLION,
    ),
    2022: (539_290, 75_400 * BILLION, 2_300, 15_990 * BILLION + MORE_THAN_BILLION),
}
_THADS_TERM = (
    1_609_462,
    211_073 * BILLION + MORE_THAN_BILLION,
    6_856,
    40_488 * BILLION + MORE_THAN_BILLION,
)
_SESSIONS = {2023: 519_569, 2022: 490_000}  # [D] the split of the term's sessions
_SESSIONS_TERM = 1_464_569
_PARTICIPANTS_TERM = 100 * 1_000_000 + MORE_THAN_MILLION
_DOCUMENTS = {2023: 515, 2022: 780}  # 2022 [D]
_DOCUMENTS_TERM = 2_198
# The ministry's inspectorate per calendar year: (inspections decided, of them inter-sectoral
# teams on administrative-violation enforcement); 2021 and 2022 [D].
_INSPECTIONS = {2021: (45, 8), 2022: (50, 9), 2023: (53, 10)}

PUBLISHED: tuple[Published, ...] = (
    Published(
        "legal documents developed, submitted or promulgated by ministries in 2023",
        "legislation.central_documents.developed",
        "2023",
        "value",
        515,
        "kinhtedothi, MOJ 2023 review (domain.md §7.1: '>500 central VBQPPL'); issue 16",
    ),
    Published(
        "legal documents since the term began",
        "legislation.central_documents.developed",
        "2023",
        "term_to_date",
        2_198,
        "issue 16 (the 2023 review)",
    ),
    Published(
        "direct dissemination sessions since the term began",
        "outreach.sessions",
        "2023",
        "term_to_date",
        _SESSIONS_TERM,
        "issue 16 (the 2023 review)",
    ),
    Published(
        "participants since the term began (more than 100 million)",
        "outreach.participants",
        "2023",
        "term_to_date",
        _PARTICIPANTS_TERM,
        "issue 16 (the 2023 review)",
    ),
    Published(
        "of them direct sessions (every replayed session is held in person)",
        "outreach.sessions.form.direct",
        "2023",
        "term_to_date",
        _SESSIONS_TERM,
        "issue 16 (the 2023 review)",
    ),
    Published(
        "enforcement cases done since the term began",
        "thads.cases.done",
        "THADS2023",
        "term_to_date",
        _THADS_TERM[0],
        "issue 16; sggp.org.vn post721729 ('hơn 1,6 triệu việc')",
    ),
    Published(
        "enforcement money done since the term began (more than 211,073 billion)",
        "thads.money.done",
        "THADS2023",
        "term_to_date",
        _THADS_TERM[1],
        "sggp.org.vn post721729",
    ),
    Published(
        "enforcement cases done in 2023 ('over 575,000'; 574,819 in the review)",
        "thads.cases.done",
        "THADS2023",
        "value",
        _THADS[2023][0],
        "baophapluat.vn post11860, baotintuc.vn 1 Dec 2023; baomoi 30 Jan 2024 'hơn 575.000'",
    ),
    Published(
        "enforcement money done in 2023 (more than 89,000 billion; 89,412 in the review)",
        "thads.money.done",
        "THADS2023",
        "value",
        _THADS[2023][1],
        "baophapluat.vn post11860",
    ),
    Published(
        "asset recovery in corruption and economic cases in 2023 (more than 20,000 billion)",
        "thads.recovery.money.done",
        "THADS2023",
        "value",
        _THADS[2023][3],
        "baotintuc.vn 1 Dec 2023 ('trên 20.405 tỷ đồng'); sggp post721729",
    ),
    Published(
        "asset recovery in 2022 (2023 is about 4,500 billion more: 4,415)",
        "thads.recovery.money.done",
        "THADS2023",
        "last_year",
        _THADS[2022][3],
        "sggp.org.vn post721729 ('tăng 4.415 tỷ đồng so với cùng kỳ năm 2022')",
    ),
    Published(
        "inspections, verifications, complaint resolutions and post-inspection audits",
        "oversight.inspections.decided",
        "2023",
        "value",
        _INSPECTIONS[2023][0],
        "issue 16 (the 2023 review)",
    ),
    Published(
        "inter-sectoral inspection teams",
        "oversight.inspections.inter_sectoral",
        "2023",
        "value",
        _INSPECTIONS[2023][1],
        "issue 16 (the 2023 review)",
    ),
)


def scaled(value: int, scale: Decimal) -> int:
    """``value × scale`` rounded half up."""
    return int((Decimal(value) * scale).quantize(Decimal(1), ROUND_HALF_UP))


def _years(term: int, known: dict[int, int], scale: Decimal) -> dict[int, int]:
    """The years of a term figure at ``scale``: the published years rounded, the first year
    the rest, so that the term to date is exactly ``scaled(term)`` and each published year
    exactly its own rounding."""
    years = {year: scaled(value, scale) for year, value in known.items()}
    years[min(known) - 1] = scaled(term, scale) - sum(years.values())
    return dict(sorted(years.items()))


@dataclass(frozen=True)
class Calibration:
    year: int
    scale: Decimal
    thads: list[enforcement.YearPlan]
    sessions: dict[int, tuple[int, int]]  # calendar year → (sessions, participants)
    documents: dict[int, int]  # calendar year → central documents promulgated
    inspections: dict[int, tuple[int, int]]  # calendar year → (decided, inter-sectoral)
    expected: list[Published] = field(default_factory=list)


def calibrate(year: int = 2023, scale: Decimal | float | str = 1) -> Calibration:
    """The records each register must hold so that the reports give ``PUBLISHED`` at
    ``scale`` (rounded half up; a term figure's first year takes the rounding's rest)."""
    scale = Decimal(str(scale))
    if year != 2023:
        raise ValueError("Only the 2023 review's figures are published (--year 2023).")
    if not MINIMUM_SCALE <= scale <= 1:
        raise ValueError(f"The scale must be between {MINIMUM_SCALE} and 1.")
    columns = [
        _years(_THADS_TERM[i], {y: v[i] for y, v in _THADS.items()}, scale) for i in range(4)
    ]
    thads = []
    for thads_year in sorted(columns[0]):
        done, money, recovery, recovery_money = (column[thads_year] for column in columns)
        if recovery_money and not recovery:
            recovery = 1  # below 1 case of asset recovery: the money still needs one
        thads.append(
            enforcement.YearPlan(
                thads_year,
                done,
                money,
                recovery,
                recovery_money,
                open_cases=scaled(done, OPEN_SHARE),
            )
        )
    session_years = _years(_SESSIONS_TERM, _SESSIONS, scale)
    participants_term = scaled(_PARTICIPANTS_TERM, scale)
    participants = {
        y: scaled(_PARTICIPANTS_TERM * _SESSIONS[y] // _SESSIONS_TERM, scale) for y in _SESSIONS
    }
    participants[2021] = participants_term - sum(participants.values())
    sessions = {y: (session_years[y], participants[y]) for y in sorted(session_years)}
    expected = [
        Published(p.label, p.code, p.period, p.window, _expected(p, scale), p.source)
        for p in PUBLISHED
    ]
    return Calibration(
        year,
        scale,
        thads,
        sessions,
        _years(_DOCUMENTS_TERM, _DOCUMENTS, scale),
        dict(_INSPECTIONS),
        expected,
    )


def _expected(published: Published, scale: Decimal) -> int:
    """The figure the report must give at ``scale``: the ministry's own inspections are not a
    volume and stay whole; every other figure is the published one scaled."""
    if published.code.startswith("oversight.inspections."):
        return published.value
    return scaled(published.value, scale)


# -- writing -------------------------------------------------------------------------------------


def generator_user() -> User:
    """The ministry's generator specialist and inspector (no password: nobody signs in)."""
    existing = User.objects.filter(username=GENERATOR_USER).first()
    if existing is not None:
        return existing
    ministry = Agency.objects.filter(level=AgencyLevel.NATIONAL).order_by("pk").first()
    if ministry is None:
        raise ValueError("No national agency: load the agencies first.")
    user = user_create(
        actor=None,
        username=GENERATOR_USER,
        password=secrets.token_urlsafe(24),
        agency=ministry,
        roles=[Role.MINISTRY_SPECIALIST, Role.INSPECTOR],
        full_name="Bộ Tư pháp (sinh dữ liệu toàn ngành)",
        check_password=False,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


# The documents the ministries developed and submitted, or promulgated
# (``legislation.central_documents.developed``): the drafts of laws, decrees and decisions of
# the Prime Minister they submitted (through the appraisal register, by submission day) and
# the circulars they promulgated (the documents register, by signing day). Each row: (type,
# promulgating body, symbol, share of a year's documents) [D].
MINISTRIES = (
    ("Bộ Tư pháp", "BTP", "Ministry of Justice"),
    ("Bộ Tài chính", "BTC", "Ministry of Finance"),
    ("Bộ Công an", "BCA", "Ministry of Public Security"),
    ("Bộ Quốc phòng", "BQP", "Ministry of National Defence"),
    ("Bộ Y tế", "BYT", "Ministry of Health"),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT", "Ministry of Education and Training"),
    ("Bộ Công Thương", "BCT", "Ministry of Industry and Trade"),
    ("Bộ Xây dựng", "BXD", "Ministry of Construction"),
    ("Bộ Giao thông vận tải", "BGTVT", "Ministry of Transport"),
    ("Bộ Nội vụ", "BNV", "Ministry of Home Affairs"),
    ("Ngân hàng Nhà nước Việt Nam", "NHNN", "State Bank of Viet Nam"),
)
DOCUMENT_KINDS = (
    (DocumentType.LAW, "Quốc hội", "QH15", 4),
    (DocumentType.DECREE, "Chính phủ", "NĐ-CP", 30),
    (DocumentType.PM_DECISION, "Thủ tướng Chính phủ", "QĐ-TTg", 6),
    (DocumentType.CIRCULAR, "", "TT", 60),
)
DOCUMENT_TEXT = "Điều 1. Phạm vi điều chỉnh\n{title}.\nĐiều 2. Hiệu lực thi hành\n{effective}\n"
# A draft submitted by the end of August is promulgated 20 to 60 days later (counted then among
# the documents promulgated, not again among the documents developed) [D].
ADOPTED_BY = (8, 31)


def ministries() -> list[Agency]:
    """The drafting and issuing ministries as agencies of the register (the ministry itself
    for the Ministry of Justice), created once: the figure reads by ministry."""
    found = []
    for name, code, name_en in MINISTRIES:
        agency = (
            Agency.objects.filter(name=name).order_by("pk").first()
            or Agency.objects.filter(code=code).first()
            or agency_create(
                actor=None,
                code=code,
                name=name,
                name_en=name_en,
                kind=AgencyKind.CENTRAL_BODY,
                level=AgencyLevel.NATIONAL,
            )
        )
        found.append(agency)
    return found


def _document(
    actor: User,
    doc_type: str,
    number: str,
    issuer: str,
    signed: datetime.date,
    title: str,
    rng: random.Random,
) -> Document:
    effective = signed + datetime.timedelta(days=rng.randint(15, 60))
    return documents.document_create(
        actor=actor,
        doc_type=doc_type,
        number=number,
        issuer=issuer,
        signed_on=signed,
        effective_on=effective,
        title=title,
        text=DOCUMENT_TEXT.format(
            title=title, effective=f"Có hiệu lực từ ngày {effective:%d/%m/%Y}."
        ),
    )


def _submitted(
    actor: User,
    doc_type: str,
    agency: Agency,
    submitted: datetime.date,
    title: str,
    reference: str,
    rng: random.Random,
) -> LegislativeDraft:
    """A draft through the appraisal register: opened, appraised on time, submitted."""
    report = submitted - datetime.timedelta(days=rng.randint(5, 20))
    requested = report - datetime.timedelta(days=rng.randint(5, 15))
    dossier = appraisal.dossier_open(
        actor=actor,
        register=programme_workflow.DRAFT,
        title=title,
        doc_type=doc_type,
        drafting_agency=agency,
        received_on=requested - datetime.timedelta(days=rng.randint(1, 5)),
    )
    appraisal.dossier_request_appraisal(actor=actor, detail=dossier, requested_on=requested)
    appraisal.dossier_record_appraisal(
        actor=actor,
        detail=dossier,
        report_reference=f"{reference}/BC-BTP",
        conclusion=Conclusion.ELIGIBLE,
        report_on=report,
    )
    submitted_draft = appraisal.dossier_submit(
        actor=actor, detail=dossier, submission_reference=f"{reference}/TTr", submitted_on=submitted
    )
    return cast(LegislativeDraft, submitted_draft)


def _documents(actor: User, year: int, count: int, seed: int, tick: Callable[[int], Any]) -> None:
    """``count`` documents developed and submitted, or promulgated, by the ministries in
    ``year``: circulars promulgated and drafts submitted (some of them promulgated later)."""
    rng = random.Random(f"{seed}:documents:{year}")  # noqa: S311 - test data, not secrets
    agencies = ministries()
    numbers: dict[str, int] = {}
    weights = [kind[3] for kind in DOCUMENT_KINDS]
    span = (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days
    for index in range(count):
        doc_type, issuer, symbol, _share = rng.choices(DOCUMENT_KINDS, weights)[0]
        ministry = rng.choice(agencies)
        code = MINISTRIES[agencies.index(ministry)][1]
        if doc_type == DocumentType.CIRCULAR:
            issuer, symbol = ministry.name, f"TT-{code}"
        # Numbers past those of the year's real documents, carrying the seed.
        numbers[symbol] = numbers.get(symbol, 0) + 1
        number = f"{seed * 1000 + numbers[symbol]}/{year}/{symbol}"
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, span))
        title = f"Văn bản số {index + 1} năm {year} (dữ liệu toàn ngành)"
        if doc_type == DocumentType.CIRCULAR:
            _document(actor, doc_type, number, issuer, day, title, rng)
        else:
            draft = _submitted(actor, doc_type, ministry, day, title, f"{number}-{code}", rng)
            if day <= datetime.date(year, *ADOPTED_BY):
                signed = day + datetime.timedelta(days=rng.randint(20, 60))
                appraisal.dossier_adopt(
                    actor=actor,
                    detail=draft,
                    adopted_on=signed,
                    document=_document(actor, doc_type, number, issuer, signed, title, rng),
                )
        tick(1)


@dataclass
class Built:
    cases: int = 0
    sessions: int = 0
    documents: int = 0
    inspections: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per register, as written


def already_built(seed: int) -> bool:
    """Whether ``seed`` was generated already (its first case's number exists)."""
    from tuphap.enforcement.cases.models import EnforcementCase

    return (
        EnforcementCase.objects.filter(
            decision_number=enforcement.decision_number(seed, 1)
        ).exists()
        or Document.objects.filter(number__startswith=f"{seed * 1000 + 1}/").exists()
    )


def build(
    calibration: Calibration, *, seed: int, progress: Any = None, tick: Callable[[int], Any]
) -> Built:
    """Write the calibration's records, register after register."""
    built = Built()
    started = time.perf_counter()
    result = enforcement.generate_planned(plans=calibration.thads, seed=seed, progress=progress)
    built.cases = result.cases
    built.seconds["enforcement"] = time.perf_counter() - started
    started = time.perf_counter()
    built.sessions = outreach.write_sessions(plan=calibration.sessions, seed=seed)
    built.seconds["outreach"] = time.perf_counter() - started
    started = time.perf_counter()
    actor = generator_user()
    for year, count in calibration.documents.items():
        with transaction.atomic():
            _documents(actor, year, count, seed, tick)
        built.documents += count
    built.seconds["legislation"] = time.perf_counter() - started
    started = time.perf_counter()
    for year, (decided, inter) in calibration.inspections.items():
        built.inspections += inspections.generate_exact(
            actor=actor, year=year, count=decided, inter_sectoral=inter, seed=seed
        )
        tick(decided)
    built.seconds["inspections"] = time.perf_counter() - started
    return built


def rollup_codes() -> list[str]:
    """The stored indicators of the registers the replay writes."""
    prefixes = (
        "thads.",
        "outreach.sessions",
        "outreach.participants",
        "outreach.contests",
        "outreach.contestants",
        "outreach.materials",
        "legislation.documents.",
        "legislation.drafts.submitted",
        "legislation.central_drafts.",
        "legislation.central_documents.",
        "legislation.local_documents.",
        "oversight.inspections.",
    )
    return sorted(
        indicator.code
        for indicator in registry.all()
        if indicator.is_stored and indicator.code.startswith(prefixes)
    )


def refresh() -> None:
    """The rollups of those indicators from the THADS term's first month to the year's end."""
    services.rollup_refresh(
        actor=None, indicators=rollup_codes(), first_month=FIRST_MONTH, last_month=LAST_MONTH
    )


@dataclass(frozen=True)
class Checked:
    expected: Published
    got: int | None

    @property
    def ok(self) -> bool:
        return self.got == self.expected.value


def check(calibration: Calibration) -> list[Checked]:
    """Every calibrated figure read back through the report engine (``manage.py report``)."""
    result = []
    for period in sorted({p.period for p in calibration.expected}):
        wanted = [p for p in calibration.expected if p.period == period]
        query = selectors.report_query_parse(
            indicators=sorted({p.code for p in wanted}), period=period
        )
        rows = {row["indicator"]: row for row in selectors.report_national(query).rows}
        for published in wanted:
            got = rows.get(published.code, {}).get(published.window)
            result.append(Checked(published, None if got is None else int(got)))
    return result
