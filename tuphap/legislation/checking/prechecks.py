"""Automatic pre-checks of a promulgated document received for checking (kiểm tra văn bản).

Each pre-check is a function over the document's fields (and, for citations, a ``Register`` to
look cited numbers up) that returns a ``Finding``: a code, passed / failed / not applicable, and
one explanation sentence naming the rule and its legal basis, rendered in Vietnamese and English
so that the stored finding reads in either language. They never write; ``checking`` stores their
findings on the check. Legal basis and the [U] parts: docs/domain/legislation.md, "Checking".
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tuphap.core.text import fold
from tuphap.legislation.documents import numbering
from tuphap.legislation.documents.models import LOCAL_TYPES, DocumentType, ValidityStatus
from tuphap.legislation.documents.rules import SYMBOL_RULES

LANGUAGES = ("vi", "en")

# Luật 64/2025/QH15 Art. 53: central documents take effect no earlier than 45 days, local ones no
# earlier than 10 days, after adoption or signing [S domain.md §7.1].
CENTRAL_MINIMUM_DAYS = 45
LOCAL_MINIMUM_DAYS = 10
EFFECTIVE_DATE_BASIS = "Luật 64/2025/QH15 Art. 53"
COMPETENCE_BASIS = "Luật 64/2025/QH15 Art. 4 [U: list of the article]"
NUMBER_BASIS = "Luật 64/2025/QH15; drafting practice [D]"
CITATION_BASIS = "NĐ 79/2025/NĐ-CP (legal basis of the document) [S]"
# The same bases as the sentences cite them, in the reader's language (the constants above are
# the reference stored with each finding).
BASIS_LABELS: dict[str, Promise] = {
    EFFECTIVE_DATE_BASIS: _("Luật 64/2025/QH15 Art. 53"),
    COMPETENCE_BASIS: _("Luật 64/2025/QH15 Art. 4 [U: list of the article]"),
    NUMBER_BASIS: _("Luật 64/2025/QH15; drafting practice [D]"),
    CITATION_BASIS: _("NĐ 79/2025/NĐ-CP (legal basis of the document) [S]"),
}

# Terms of the National Assembly by the years their laws may carry (a term's last year is also
# the next one's first) [U: exact term dates].
ASSEMBLY_TERMS: dict[int, tuple[int, int]] = {
    12: (2007, 2011),
    13: (2011, 2016),
    14: (2016, 2021),
    15: (2021, 2026),
    16: (2026, 2031),
}

# Issuer codes in a symbol and the body they stand for. Ministries before and after the 2025
# restructuring both appear, since older documents are still cited.
ISSUER_CODES: dict[str, str] = {
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "BTP": "Bộ Tư pháp",
    "BTC": "Bộ Tài chính",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BNG": "Bộ Ngoại giao",
    "BNV": "Bộ Nội vụ",
    "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BGTVT": "Bộ Giao thông vận tải",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "NHNN": "Ngân hàng Nhà nước",
    "TTCP": "Thanh tra Chính phủ",
    "UBDT": "Ủy ban Dân tộc",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "KTNN": "Kiểm toán nhà nước",
}
_NOT_WORD = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    """Folded words separated by single spaces (punctuation and dashes dropped), for matching."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


class Result(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Finding:
    code: str
    result: Result
    explanation: dict[str, str]  # language → sentence
    basis: str
    details: tuple[dict[str, Any], ...] = ()

    @property
    def text(self) -> str:
        language = (translation.get_language() or "vi")[:2]
        return self.explanation.get(language) or self.explanation["vi"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "result": str(self.result),
            "explanation": dict(self.explanation),
            "basis": self.basis,
            "details": [dict(item) for item in self.details],
        }


def _render(template: str | Promise, params: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The sentence in every shipped language (lazy labels in ``params`` translated too)."""
    rendered: dict[str, str] = {}
    for language in LANGUAGES:
        with translation.override(language):
            values = {
                name: str(value) if isinstance(value, Promise) else value
                for name, value in (params or {}).items()
            }
            rendered[language] = str(template) % values if values else str(template)
    return rendered


def _finding(
    code: str,
    result: Result,
    template: str | Promise,
    params: Mapping[str, Any] | None,
    basis: str,
    details: Iterable[dict[str, Any]] = (),
) -> Finding:
    return Finding(code, result, _render(template, params), basis, tuple(details))


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


# -- a. competence --------------------------------------------------------------------------------

_MINISTRY_BODY = (
    r"(?:bo truong |thu truong )?(?:bo [a-z ,\-]+|co quan ngang bo[a-z ,]*"
    r"|(?:thong doc )?ngan hang nha nuoc(?: viet nam)?|(?:tong )?thanh tra chinh phu"
    r"|(?:chu nhiem )?uy ban dan toc|(?:chanh an )?toa an nhan dan toi cao"
    r"|(?:vien truong )?vien kiem sat nhan dan toi cao|(?:tong )?kiem toan nha nuoc)"
)
_JOINT_PARTS = re.compile(
    r"\bbo (?!truong\b)|ngan hang nha nuoc|thanh tra chinh phu|toa an nhan dan toi cao"
    r"|vien kiem sat nhan dan toi cao|kiem toan nha nuoc|uy ban dan toc"
)
_COUNCIL = r"(?:hoi dong nhan dan|hdnd)"
_COMMITTEE = r"(?:uy ban nhan dan|ubnd)"
_PROVINCE = r"(?:tinh|thanh pho|tp)"
_COMMUNE = r"(?:xa|phuong|dac khu|thi tran)"


@dataclass(frozen=True)
class Competence:
    body: Promise  # who may issue the type, for the explanation
    pattern: re.Pattern[str]  # over the folded issuing body


def _exact(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^{pattern}$")


COMPETENCE: dict[str, Competence] = {
    DocumentType.LAW: Competence(_("the National Assembly"), _exact("quoc hoi")),
    DocumentType.NA_RESOLUTION: Competence(_("the National Assembly"), _exact("quoc hoi")),
    DocumentType.ORDINANCE: Competence(
        _("the National Assembly Standing Committee"), _exact("uy ban thuong vu quoc hoi")
    ),
    DocumentType.STANDING_COMMITTEE_RESOLUTION: Competence(
        _("the National Assembly Standing Committee"), _exact("uy ban thuong vu quoc hoi")
    ),
    DocumentType.DECREE: Competence(_("the Government"), _exact("chinh phu")),
    DocumentType.GOVERNMENT_RESOLUTION: Competence(_("the Government"), _exact("chinh phu")),
    DocumentType.PM_DECISION: Competence(_("the Prime Minister"), _exact("thu tuong chinh phu")),
    DocumentType.CIRCULAR: Competence(
        _("a minister or the head of a ministerial-level agency"), _exact(_MINISTRY_BODY)
    ),
    DocumentType.JOINT_CIRCULAR: Competence(
        _("two or more ministers or heads of ministerial-level agencies"),
        _JOINT_PARTS,  # at least two parts: counted in ``competence``
    ),
    DocumentType.PROVINCIAL_COUNCIL_RESOLUTION: Competence(
        _("a provincial People's Council"), re.compile(rf"^{_COUNCIL} {_PROVINCE} \S")
    ),
    DocumentType.PROVINCIAL_COMMITTEE_DECISION: Competence(
        _("a provincial People's Committee"), re.compile(rf"^{_COMMITTEE} {_PROVINCE} \S")
    ),
    DocumentType.COMMUNE_COUNCIL_RESOLUTION: Competence(
        _("a commune People's Council"), re.compile(rf"^{_COUNCIL} {_COMMUNE} \S")
    ),
    DocumentType.COMMUNE_COMMITTEE_DECISION: Competence(
        _("a commune People's Committee"), re.compile(rf"^{_COMMITTEE} {_COMMUNE} \S")
    ),
}

_PLACE_PREFIX = re.compile(r"^(?:tinh|thanh pho|xa|phuong|dac khu|thi tran) ")


def _place_words(place_name: str) -> str:
    return _PLACE_PREFIX.sub("", fold(place_name))


def competence(*, doc_type: str, issuer: str, place_name: str | None = None) -> Finding:
    """(a) The issuing body may issue this type of document, and a local body is a body of the
    document's own province or commune."""
    rule = COMPETENCE[doc_type]
    label = DocumentType(doc_type).label
    folded = fold(issuer)
    competent = bool(rule.pattern.search(folded))
    if doc_type == DocumentType.JOINT_CIRCULAR:
        competent = len(_JOINT_PARTS.findall(folded)) >= 2
    params = {
        "issuer": issuer,
        "type": label,
        "body": rule.body,
        "basis": BASIS_LABELS[COMPETENCE_BASIS],
    }
    if not competent:
        return _finding(
            "competence",
            Result.FAILED,
            _("%(issuer)s may not issue a %(type)s: only %(body)s may issue one (%(basis)s)."),
            params,
            COMPETENCE_BASIS,
        )
    if doc_type in LOCAL_TYPES and place_name and _place_words(place_name) not in folded:
        return _finding(
            "competence",
            Result.FAILED,
            _(
                "%(issuer)s is not a body of %(place)s, where the document is registered: "
                "a local body issues documents only for its own territory (%(basis)s)."
            ),
            {**params, "place": place_name},
            COMPETENCE_BASIS,
        )
    return _finding(
        "competence",
        Result.PASSED,
        _("%(issuer)s is %(body)s, which may issue a %(type)s (%(basis)s)."),
        params,
        COMPETENCE_BASIS,
    )


# -- b. number and symbol -------------------------------------------------------------------------


def _issuer_mismatch(parsed: numbering.DocumentNumber, issuer: str) -> str | None:
    """The body the issuer code stands for when ``issuer`` is not that body; ``None`` when it
    is, or when the code is not in the table."""
    issuer_key = _key(issuer)
    code = parsed.issuer_code
    if code in {"CP", "TTg"}:
        return None if issuer_key == _key(ISSUER_CODES[code]) else ISSUER_CODES[code]
    if code.startswith("UBTVQH"):
        body = "Ủy ban Thường vụ Quốc hội"
        return None if issuer_key == _key(body) else body
    if code.startswith("QH"):
        return None if issuer_key == "quoc hoi" else "Quốc hội"
    if code == "HĐND":
        return None if re.match(_COUNCIL, issuer_key) else "Hội đồng nhân dân"
    if code == "UBND":
        return None if re.match(_COMMITTEE, issuer_key) else "Ủy ban nhân dân"
    expected = [
        ISSUER_CODES[part]
        for part in code.split("-")
        if part in ISSUER_CODES and _key(ISSUER_CODES[part]) not in issuer_key
    ]
    return ", ".join(expected) if expected else None


def number(*, doc_type: str, number_text: str, issuer: str, signed_on: datetime.date) -> Finding:
    """(b) The number and symbol is well formed, its symbol fits the document type and the
    issuing body, and its year is the year of signing (the legislature term for QH numbers)."""
    base = {"number": number_text, "basis": BASIS_LABELS[NUMBER_BASIS]}
    try:
        parsed = numbering.parse_number(number_text)
    except numbering.NumberError as error:
        return _finding(
            "number",
            Result.FAILED,
            _("The number and symbol %(number)s is malformed: %(reason)s (%(basis)s)."),
            {**base, "reason": error.message},
            NUMBER_BASIS,
        )
    type_codes, issuer_pattern = SYMBOL_RULES[doc_type]
    if parsed.type_code not in type_codes or not re.fullmatch(issuer_pattern, parsed.issuer_code):
        return _finding(
            "number",
            Result.FAILED,
            _("The symbol of %(number)s is not the symbol of a %(type)s (%(basis)s)."),
            {**base, "type": DocumentType(doc_type).label},
            NUMBER_BASIS,
        )
    if parsed.year != signed_on.year:
        return _finding(
            "number",
            Result.FAILED,
            _(
                "The year in %(number)s (%(year)s) is not the year the document was signed "
                "(%(signed)s) (%(basis)s)."
            ),
            {**base, "year": parsed.year, "signed": _day(signed_on)},
            NUMBER_BASIS,
        )
    term = re.fullmatch(r"(?:UBTV)?QH(\d+)", parsed.issuer_code)
    if term is not None:
        years = ASSEMBLY_TERMS.get(int(term.group(1)))
        if years is not None and not years[0] <= parsed.year <= years[1]:
            return _finding(
                "number",
                Result.FAILED,
                _(
                    "%(number)s names the legislature %(code)s, whose term runs from "
                    "%(first)s to %(last)s, not in %(year)s (%(basis)s)."
                ),
                {
                    **base,
                    "code": parsed.issuer_code,
                    "first": years[0],
                    "last": years[1],
                    "year": parsed.year,
                },
                NUMBER_BASIS,
            )
    expected = _issuer_mismatch(parsed, issuer)
    if expected is not None:
        return _finding(
            "number",
            Result.FAILED,
            _(
                "The symbol of %(number)s stands for %(expected)s, but the document was "
                "issued by %(issuer)s (%(basis)s)."
            ),
            {**base, "expected": expected, "issuer": issuer},
            NUMBER_BASIS,
        )
    return _finding(
        "number",
        Result.PASSED,
        _(
            "%(number)s is well formed, fits a %(type)s of %(issuer)s and carries the year of "
            "signing (%(basis)s)."
        ),
        {**base, "type": DocumentType(doc_type).label, "issuer": issuer},
        NUMBER_BASIS,
    )


# -- c. effective date ----------------------------------------------------------------------------


def minimum_days(doc_type: str) -> int:
    return LOCAL_MINIMUM_DAYS if doc_type in LOCAL_TYPES else CENTRAL_MINIMUM_DAYS


def earliest_effective_date(*, doc_type: str, signed_on: datetime.date) -> datetime.date:
    """The signing day is not counted (Civil Code Art. 147): signed on 1 March, a local document
    may take effect on 11 March at the earliest."""
    return signed_on + datetime.timedelta(days=minimum_days(doc_type))


def effective_date(
    *,
    doc_type: str,
    signed_on: datetime.date,
    effective_on: datetime.date,
    shortened_procedure: bool = False,
    provision_dates: Mapping[str, datetime.date] | None = None,
) -> Finding:
    """(c) The document, and every provision with its own date, takes effect at least 45 days
    (central) or 10 days (local) after signing, unless adopted under the shortened or special
    procedure."""
    days = minimum_days(doc_type)
    earliest = earliest_effective_date(doc_type=doc_type, signed_on=signed_on)
    params = {
        "days": days,
        "level": _("local") if doc_type in LOCAL_TYPES else _("central"),
        "signed": _day(signed_on),
        "effective": _day(effective_on),
        "earliest": _day(earliest),
        "basis": BASIS_LABELS[EFFECTIVE_DATE_BASIS],
    }
    if shortened_procedure:
        return _finding(
            "effective_date",
            Result.NOT_APPLICABLE,
            _(
                "The document was adopted under the shortened or special procedure, so it may "
                "take effect from adoption or signing, provided it is published at once "
                "(%(basis)s)."
            ),
            params,
            EFFECTIVE_DATE_BASIS,
        )
    early = sorted(eid for eid, day in (provision_dates or {}).items() if day < earliest)
    if effective_on < earliest:
        return _finding(
            "effective_date",
            Result.FAILED,
            _(
                "Signed on %(signed)s, the document takes effect on %(effective)s, "
                "%(after)s days later: a %(level)s document takes effect no earlier than "
                "%(days)s days after signing, here %(earliest)s (%(basis)s)."
            ),
            {**params, "after": (effective_on - signed_on).days},
            EFFECTIVE_DATE_BASIS,
        )
    if early:
        return _finding(
            "effective_date",
            Result.FAILED,
            _(
                "The provisions %(provisions)s take effect before %(earliest)s: a %(level)s "
                "document takes effect no earlier than %(days)s days after signing "
                "(%(signed)s) (%(basis)s)."
            ),
            {**params, "provisions": ", ".join(early)},
            EFFECTIVE_DATE_BASIS,
            [{"provision": eid, "effective_on": provision_dates[eid].isoformat()} for eid in early]
            if provision_dates
            else [],
        )
    return _finding(
        "effective_date",
        Result.PASSED,
        _(
            "Signed on %(signed)s, the document takes effect on %(effective)s, no earlier than "
            "%(days)s days after signing as a %(level)s document must (%(basis)s)."
        ),
        params,
        EFFECTIVE_DATE_BASIS,
    )


# -- d. citations ---------------------------------------------------------------------------------

_CITED = re.compile(
    r"(?<![\d/])(\d{1,4})\s*/\s*(\d{4})\s*/\s*"
    r"([A-ZĐÐƉ][A-Za-zĐđÐƉ0-9]*(?:\s?-\s?[A-ZĐÐƉ][A-Za-zĐđÐƉ0-9]*)*)"
)


@dataclass(frozen=True)
class Citation:
    number: numbering.DocumentNumber
    in_preamble: bool  # cited in a "Căn cứ …" line: a legal basis of the document


def extract_citations(
    text: str, *, own_number: str = "", preamble: str | None = None
) -> list[Citation]:
    """Every well-formed document number in ``text`` (and ``preamble``) except the document's
    own, once each, in order; marked when it stands in a "Căn cứ" line of the preamble."""
    own: numbering.DocumentNumber | None = None
    if own_number:
        try:
            own = numbering.parse_number(own_number)
        except numbering.NumberError:
            own = None
    basis_lines = [
        line for line in (preamble or text).splitlines() if fold(line).startswith("can cu")
    ]
    in_basis: set[numbering.DocumentNumber] = set()
    for line in basis_lines:
        in_basis.update(_numbers(line))
    found: dict[numbering.DocumentNumber, Citation] = {}
    for cited in _numbers(f"{preamble or ''}\n{text}"):
        if cited != own and cited not in found:
            found[cited] = Citation(cited, cited in in_basis)
    return list(found.values())


def _numbers(text: str) -> Iterable[numbering.DocumentNumber]:
    for match in _CITED.finditer(text):
        try:
            yield numbering.parse_number("/".join(match.groups()))
        except numbering.NumberError:
            continue


@dataclass(frozen=True)
class CitedDocument:
    document_id: int
    number: str
    title: str
    status: str | None  # on the day asked; None: nothing recorded by then (not yet signed)


class Register(Protocol):
    def find(
        self,
        numbers: Sequence[numbering.DocumentNumber],
        *,
        day: datetime.date,
        place_id: int | None,
    ) -> Mapping[numbering.DocumentNumber, list[CitedDocument]]: ...


_STATUS_WORDS = {
    ValidityStatus.IN_FORCE: _("in force"),
    ValidityStatus.PARTLY_EXPIRED: _("partly expired"),
    ValidityStatus.WHOLLY_EXPIRED: _("wholly expired"),
    ValidityStatus.SUSPENDED: _("suspended"),
    ValidityStatus.NOT_YET_IN_FORCE: _("not yet in force"),
}
_FAILING = frozenset(
    {ValidityStatus.WHOLLY_EXPIRED, ValidityStatus.SUSPENDED, ValidityStatus.NOT_YET_IN_FORCE}
)


def _cited_detail(citation: Citation, matches: list[CitedDocument], day: str) -> dict[str, Any]:
    number_text = str(citation.number)
    detail: dict[str, Any] = {"number": number_text, "in_preamble": citation.in_preamble}
    if not matches:
        detail.update(outcome="not_found", explanation=_render(_NOT_FOUND, {"number": number_text}))
        return detail
    if len(matches) > 1:
        detail.update(
            outcome="not_found",
            explanation=_render(_AMBIGUOUS, {"number": number_text, "count": len(matches)}),
        )
        return detail
    cited = matches[0]
    status = cited.status or ValidityStatus.NOT_YET_IN_FORCE
    detail.update(document_id=cited.document_id, title=cited.title, status=status)
    params = {"number": number_text, "day": day, "status": _STATUS_WORDS[ValidityStatus(status)]}
    if status in _FAILING:
        detail.update(outcome="failed", explanation=_render(_CITED_FAILS, params))
    else:
        detail.update(outcome="passed", explanation=_render(_CITED_OK, params))
    return detail


_NOT_FOUND = _("%(number)s is not found in the register; check it by hand.")
_AMBIGUOUS = _("%(count)s documents in the register carry the number %(number)s; check it by hand.")
_CITED_FAILS = _("%(number)s is %(status)s on %(day)s, the effective date: it cannot be relied on.")
_CITED_OK = _("%(number)s is %(status)s on %(day)s.")


def citations(
    *,
    text: str,
    own_number: str,
    effective_on: datetime.date,
    register: Register,
    preamble: str | None = None,
    place_id: int | None = None,
) -> Finding:
    """(d) No document the text cites is wholly expired, suspended or not yet in force on the
    checked document's effective date. A number the register does not hold is reported, not
    failed."""
    found = extract_citations(text, own_number=own_number, preamble=preamble)
    day = _day(effective_on)
    params: dict[str, Any] = {"day": day, "basis": BASIS_LABELS[CITATION_BASIS]}
    if not found:
        return _finding(
            "citations",
            Result.NOT_APPLICABLE,
            _("The text cites no document by number and symbol (%(basis)s)."),
            params,
            CITATION_BASIS,
        )
    matches = register.find(
        [citation.number for citation in found], day=effective_on, place_id=place_id
    )
    details = [_cited_detail(item, matches.get(item.number, []), day) for item in found]
    failed = [detail["number"] for detail in details if detail["outcome"] == "failed"]
    checked = [detail for detail in details if detail["outcome"] != "not_found"]
    params.update(
        count=len(details),
        failed=", ".join(failed),
        missing=len(details) - len(checked),
    )
    if failed:
        template = _(
            "Of the %(count)s documents cited, %(failed)s are not in force on the effective "
            "date %(day)s: a document may not rest on a document wholly expired, suspended or "
            "not yet in force (%(basis)s)."
        )
        result = Result.FAILED
    elif checked:
        template = _(
            "Every cited document found in the register is in force on the effective date "
            "%(day)s; %(missing)s of the %(count)s cited are not in the register (%(basis)s)."
        )
        result = Result.PASSED
    else:
        template = _(
            "None of the %(count)s cited documents is in the register; they could not be "
            "checked (%(basis)s)."
        )
        result = Result.NOT_APPLICABLE
    return _finding("citations", result, template, params, CITATION_BASIS, details)


@dataclass
class Subject:
    """What the pre-checks read of a document (a ``Document`` row or an incoming one)."""

    doc_type: str
    number: str
    issuer: str
    signed_on: datetime.date
    effective_on: datetime.date
    text: str
    preamble: str | None = None
    place_id: int | None = None
    place_name: str | None = None
    provision_dates: dict[str, datetime.date] = field(default_factory=dict)


def run_all(subject: Subject, *, register: Register, shortened_procedure: bool) -> list[Finding]:
    return [
        competence(doc_type=subject.doc_type, issuer=subject.issuer, place_name=subject.place_name),
        number(
            doc_type=subject.doc_type,
            number_text=subject.number,
            issuer=subject.issuer,
            signed_on=subject.signed_on,
        ),
        effective_date(
            doc_type=subject.doc_type,
            signed_on=subject.signed_on,
            effective_on=subject.effective_on,
            shortened_procedure=shortened_procedure,
            provision_dates=subject.provision_dates,
        ),
        citations(
            text=subject.text,
            own_number=subject.number,
            effective_on=subject.effective_on,
            register=register,
            preamble=subject.preamble,
            place_id=subject.place_id,
        ),
    ]
