"""Parse the plain text of a Vietnamese legal document into a tree of provisions, and export the
tree as Akoma Ntoso XML.

Drafting style recognised (Luật Ban hành VBQPPL 64/2025/QH15 and the Government's drafting
rules): ``Phần thứ nhất`` (part), ``Chương I`` (chapter), ``Mục 1`` (section, numbered within its
chapter), ``Điều 5. Heading`` (article), ``1.`` (clause, within an article), ``a)`` / ``đ)``
(point, within a clause or directly within an article). Lines inside quotation marks (the new
text an amending law inserts) are kept as text of the provision that quotes them.

Identifiers (``eId``) follow the Akoma Ntoso naming convention: parts, chapters and articles
are numbered document-wide in Vietnamese drafting, so their ids stand alone (``part_1``,
``chp_2``, ``art_12``); sections restart in each chapter (``chp_2__sec_1``); clauses and points
are nested under their article (``art_12__cl_2__pt_a``). The point ``đ`` becomes ``dd`` so ids
stay ASCII (usable as URL fragments). See docs/domain/legislation.md.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field

AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

_ORDINALS = {
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

_PART = re.compile(r"^phần\s+thứ\s+(?P<num>\S+?)[.:]?(?:\s+(?P<rest>.*))?$", re.IGNORECASE)
_CHAPTER = re.compile(r"^chương\s+(?P<num>[IVXLC]+|\d+)\b[.:]?\s*(?P<rest>.*)$", re.IGNORECASE)
_SECTION = re.compile(r"^mục\s+(?P<num>\d+)\b[.:]?\s*(?P<rest>.*)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^Điều\s+(?P<num>\d+[a-zđ]?)\s*[.:]\s*(?P<rest>.*)$")
_CLAUSE = re.compile(r"^(?P<num>\d+[a-zđ]?)\.\s+(?P<rest>.+)$")
_POINT = re.compile(r"^(?P<num>[a-zđ]\d?)\)\s+(?P<rest>.+)$")
_CONCLUSION = re.compile(r"^(Luật|Pháp lệnh|Nghị quyết|Bộ luật) này (đã )?được .*thông qua")
_OPEN_QUOTES = ("“", '"', "«")
_CLOSE_QUOTES = ("”", '"', "»")

# Outermost first; a structural unit closes every open unit at its level or below.
_RANK = {"part": 0, "chapter": 1, "section": 2, "article": 3, "clause": 4, "point": 5}
_PREFIX = {
    "part": "part",
    "chapter": "chp",
    "section": "sec",
    "article": "art",
    "clause": "cl",
    "point": "pt",
}
# Akoma Ntoso element for each kind.
_ELEMENT = {
    "part": "part",
    "chapter": "chapter",
    "section": "section",
    "article": "article",
    "clause": "clause",
    "point": "point",
}


class StructureError(ValueError):
    def __init__(self, message: str, *, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.message = message
        self.line = line


@dataclass
class Node:
    kind: str
    number: str  # as written: "I", "5", "12a", "đ"
    eid: str
    heading: str = ""
    text: str = ""  # the provision's own words, children excluded
    line: int = 0
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def label(self) -> str:
        """The number as it is written in the text: ``Điều 5``, ``1.``, ``a)``."""
        return {
            "part": f"Phần thứ {self.number}",
            "chapter": f"Chương {self.number}",
            "section": f"Mục {self.number}",
            "article": f"Điều {self.number}.",
            "clause": f"{self.number}.",
            "point": f"{self.number})",
        }[self.kind]


@dataclass
class Tree:
    preamble: str = ""
    body: list[Node] = field(default_factory=list)
    conclusions: str = ""

    def walk(self) -> Iterator[Node]:
        for node in self.body:
            yield from node.walk()

    def find(self, eid: str) -> Node | None:
        return next((node for node in self.walk() if node.eid == eid), None)


def _roman(text: str) -> int:
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN[char]
        following = _ROMAN[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def _id_number(kind: str, number: str) -> str:
    """The number as it appears in an id: roman and ordinal numbers as digits, đ as dd."""
    if kind == "chapter" and number.upper().isalpha():
        return str(_roman(number.upper()))
    if kind == "part" and not number.isdigit():
        return str(_ORDINALS.get(number.lower(), number.lower()))
    return number.lower().replace("đ", "dd")


def _match(line: str, stack: list[Node]) -> tuple[str, str, str] | None:
    """(kind, number, rest of line) when ``line`` opens a provision, in the context ``stack``."""
    for kind, pattern in (
        ("part", _PART),
        ("chapter", _CHAPTER),
        ("section", _SECTION),
        ("article", _ARTICLE),
    ):
        found = pattern.match(line)
        if found:
            return kind, found["num"], (found["rest"] or "").strip()
    in_article = any(node.kind == "article" for node in stack)
    if not in_article:
        return None
    found = _CLAUSE.match(line)
    if found:
        return "clause", found["num"], found["rest"].strip()
    found = _POINT.match(line)
    if found:
        return "point", found["num"], found["rest"].strip()
    return None


def _eid(kind: str, number: str, stack: list[Node]) -> str:
    own = f"{_PREFIX[kind]}_{_id_number(kind, number)}"
    if kind == "section":
        chapter = next((node for node in reversed(stack) if node.kind == "chapter"), None)
        return f"{chapter.eid}__{own}" if chapter else own
    if kind in ("clause", "point"):
        parent = next(node for node in reversed(stack) if node.kind in ("article", "clause"))
        return f"{parent.eid}__{own}"
    return own


def _append(target: Node | Tree, text: str) -> None:
    if isinstance(target, Tree):
        target.preamble = f"{target.preamble}\n{text}" if target.preamble else text
    else:
        target.text = f"{target.text}\n{text}" if target.text else text


def parse(text: str) -> Tree:
    """Parse ``text`` into a tree. Raises ``StructureError`` when an id would repeat."""
    tree = Tree()
    stack: list[Node] = []
    seen: set[str] = set()
    in_quote = False
    awaiting_heading: Node | None = None
    in_conclusions = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if in_conclusions:
            tree.conclusions = f"{tree.conclusions}\n{line}" if tree.conclusions else line
            continue
        current: Node | Tree = stack[-1] if stack else tree
        if in_quote or line.startswith(_OPEN_QUOTES):
            _append(current, line)
            stripped = line.rstrip(".;,")
            closes = stripped.endswith(_CLOSE_QUOTES) and (in_quote or len(stripped) > 1)
            in_quote = not closes
            continue
        if stack and _CONCLUSION.match(line):
            in_conclusions = True
            tree.conclusions = line
            continue
        opened = _match(line, stack)
        if opened is None:
            if awaiting_heading is not None:
                awaiting_heading.heading = line
                awaiting_heading = None
            else:
                _append(current, line)
            continue
        kind, num, rest = opened
        awaiting_heading = None
        if kind == "point" and stack and stack[-1].kind == "point":
            stack.pop()
        rank = _RANK[kind]
        while stack and _RANK[stack[-1].kind] >= rank:
            stack.pop()
        node = Node(kind=kind, number=num, eid=_eid(kind, num, stack), line=number)
        if node.eid in seen:
            raise StructureError(f"{node.label} repeats an earlier one ({node.eid}).", line=number)
        seen.add(node.eid)
        if kind in ("clause", "point"):
            node.text = rest
        else:
            node.heading = rest
            if not rest and kind in ("part", "chapter", "section"):
                awaiting_heading = node
        (stack[-1].children if stack else tree.body).append(node)
        stack.append(node)
    return tree


def _element(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{AKN_NAMESPACE}}}{tag}", attributes)


def _paragraphs(parent: ET.Element, text: str) -> None:
    for line in text.split("\n"):
        _element(parent, "p").text = line


def _node_xml(parent: ET.Element, node: Node) -> None:
    element = _element(parent, _ELEMENT[node.kind], eId=node.eid)
    _element(element, "num").text = node.label
    if node.heading:
        _element(element, "heading").text = node.heading
    if node.children:
        if node.text:
            _paragraphs(_element(element, "intro"), node.text)
        for child in node.children:
            _node_xml(element, child)
    else:
        _paragraphs(_element(element, "content"), node.text or "")


def to_akn(
    tree: Tree,
    *,
    frbr_uri: str,
    title: str,
    number: str,
    date: str,
    expression_date: str,
    author: str,
) -> bytes:
    """The tree as an Akoma Ntoso 3.0 ``act`` (UTF-8 XML bytes)."""
    ET.register_namespace("", AKN_NAMESPACE)
    root = ET.Element(f"{{{AKN_NAMESPACE}}}akomaNtoso")
    parts = frbr_uri.split("/")
    act = _element(root, "act", name=parts[4] if len(parts) > 4 else "act")
    meta = _element(act, "meta")
    identification = _element(meta, "identification", source="#tuphap")
    work = _element(identification, "FRBRWork")
    _element(work, "FRBRthis", value=f"{frbr_uri}/!main")
    _element(work, "FRBRuri", value=frbr_uri)
    _element(work, "FRBRdate", date=date, name="Generation")
    _element(work, "FRBRauthor", href=f"#{author}")
    _element(work, "FRBRcountry", value="vn")
    _element(work, "FRBRnumber", value=number)
    _element(work, "FRBRname", value=title)
    expression = _element(identification, "FRBRExpression")
    _element(expression, "FRBRthis", value=f"{frbr_uri}/vie@{expression_date}/!main")
    _element(expression, "FRBRuri", value=f"{frbr_uri}/vie@{expression_date}")
    _element(expression, "FRBRdate", date=expression_date, name="Generation")
    _element(expression, "FRBRauthor", href=f"#{author}")
    _element(expression, "FRBRlanguage", language="vie")
    # The manifestation is this XML file itself (Akoma Ntoso 3.0 requires it; docs §3).
    manifestation = _element(identification, "FRBRManifestation")
    _element(manifestation, "FRBRthis", value=f"{frbr_uri}/vie@{expression_date}/!main.xml")
    _element(manifestation, "FRBRuri", value=f"{frbr_uri}/vie@{expression_date}.akn")
    _element(manifestation, "FRBRdate", date=expression_date, name="Generation")
    _element(manifestation, "FRBRauthor", href="#tuphap")
    if tree.preamble:
        _paragraphs(_element(act, "preamble"), tree.preamble)
    body = _element(act, "body")
    for node in tree.body:
        _node_xml(body, node)
    if tree.conclusions:
        _paragraphs(_element(act, "conclusions"), tree.conclusions)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


_OWN_EFFECT = re.compile(
    r"(?:khoản\s+(?P<clause>\d+[a-zđ]?)\s+)?Điều\s+(?P<article>\d+[a-zđ]?)"
    r"(?:\s+của\s+(?:Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định)\s+này)?"
    r"\s+có hiệu lực(?:\s+thi hành)?\s+(?:kể\s+)?từ ngày\s+(?P<day>\d{1,2})\s+tháng\s+"
    r"(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})",
)


def own_effective_dates(tree: Tree) -> dict[str, datetime.date]:
    """Provisions the text gives their own effective date ("Điều 7 của Luật này có hiệu lực thi
    hành từ ngày 01 tháng 7 năm 2027"), by id. Only provisions that exist are returned."""
    known = {node.eid for node in tree.walk()}
    dates: dict[str, datetime.date] = {}
    for node in tree.walk():
        for found in _OWN_EFFECT.finditer(node.text):
            eid = f"art_{_id_number('article', found['article'])}"
            if found["clause"]:
                eid = f"{eid}__cl_{found['clause']}"
            try:
                day = datetime.date(int(found["year"]), int(found["month"]), int(found["day"]))
            except ValueError:
                continue
            if eid in known:
                dates[eid] = day
    return dates
