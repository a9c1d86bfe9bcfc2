"""Find the sentences of a law or resolution that assign detailing or guidance to a body
("Chính phủ quy định chi tiết khoản 3 Điều này") and resolve what they point to into provision
ids, relative to where the sentence appears. Pure functions over a parsed ``structure.Tree``.

A sentence delegates when an assignee is followed by a delegating verb: ``quy định chi tiết``,
``quy định``, ``hướng dẫn`` (optionally after ``có trách nhiệm``), or when it says ``do
<assignee> quy định``. A body merely mentioned ("Chính phủ thống nhất quản lý nhà nước về …",
"chịu trách nhiệm trước Chính phủ", "Nghị định của Chính phủ quy định …") is not a delegation.
See docs/domain/legislation.md for the rules and their limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tuphap.legislation.documents.structure import Node, Tree

WHOLE_DOCUMENT = "body"  # the provision id that stands for the whole enacting text

# (pattern, canonical kind of instrument the assignee issues); the most specific first.
_ASSIGNEES: list[tuple[str, str]] = [
    (r"Thủ tướng Chính phủ", "pm_decision"),
    (r"Ủy ban Thường vụ Quốc hội", "standing_committee_resolution"),
    (r"Chính phủ", "decree"),
    (r"Bộ trưởng,\s+Thủ trưởng cơ quan ngang bộ", "circular"),
    (r"Bộ trưởng Bộ\s+[A-ZĐ]\w*(?:\s+\w+){0,6}?", "circular"),
    (r"Chánh án Tòa án nhân dân tối cao", "circular"),
    (r"Viện trưởng Viện kiểm sát nhân dân tối cao", "circular"),
    (r"Hội đồng nhân dân cấp tỉnh", "provincial_council_resolution"),
    (r"Ủy ban nhân dân cấp tỉnh", "provincial_committee_decision"),
    (r"Hội đồng nhân dân cấp xã", "commune_council_resolution"),
    (r"Ủy ban nhân dân cấp xã", "commune_committee_decision"),
]

_ASSIGNEE = "|".join(f"(?:{pattern})" for pattern, _kind in _ASSIGNEES)
_VERB = r"(?:có trách nhiệm\s+)?(?P<verb>quy định chi tiết|hướng dẫn|quy định)(?!\s+tại)\b"
# "Bộ trưởng Bộ Tư pháp quy định": the ministry's name is one capitalised word and a few more;
# the lazy pattern stops at the verb.
_DELEGATION = re.compile(
    rf"(?P<do>\bdo\s+)?(?P<assignee>{_ASSIGNEE})\s+{_VERB}(?P<rest>[^.;]*)",
)
_NOT_DELEGATING_BEFORE = re.compile(r"(?:\bcủa|\btrước)\s*$")
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+|\n")

_AND = r"\s*(?:,|và|hoặc)\s*"
_NUMBERS = rf"\d+[a-zđ]?(?:{_AND}\d+[a-zđ]?)*"
_LETTERS = rf"[a-zđ]\d?(?:{_AND}[a-zđ]\d?)*"
_END = r"(?=[\s,.;)]|$)"
_REFERENCE = re.compile(
    rf"(?:(?:các\s+)?điểm\s+(?P<points>này|{_LETTERS}){_END}\s*)?"
    rf"(?:(?:các\s+)?khoản\s+(?P<clauses>này|{_NUMBERS}){_END}\s*)?"
    rf"(?:(?:các\s+)?điều\s+(?P<articles>này|{_NUMBERS}){_END})?",
    re.IGNORECASE,
)
_WHOLE = re.compile(r"\b(?:Bộ luật|Luật|Pháp lệnh|Nghị quyết) này\b")


@dataclass(frozen=True)
class Proposal:
    provisions: tuple[str, ...]  # what must be detailed; ("body",) for the whole document
    assignee: str  # as written
    expected_type: str  # a DocumentType value
    text: str  # the sentence
    source_provision: str  # where the sentence appears
    verb: str  # "quy định chi tiết", "quy định" or "hướng dẫn"

    def as_dict(self) -> dict[str, object]:
        return {
            "provisions": list(self.provisions),
            "assignee": self.assignee,
            "expected_type": self.expected_type,
            "text": self.text,
            "source_provision": self.source_provision,
            "verb": self.verb,
        }


def expected_type(assignee: str) -> str:
    for pattern, kind in _ASSIGNEES:
        if re.fullmatch(pattern, assignee):
            return kind
    return "decree"


def _items(text: str) -> list[str]:
    return [item for item in re.split(r"\s*(?:,|và|hoặc)\s*", text.strip()) if item]


def _point_id(letter: str) -> str:
    return letter.lower().replace("đ", "dd")


def _resolve(rest: str, path: list[Node]) -> list[str]:
    """Provision ids named in ``rest``, relative to ``path`` (article … innermost node)."""
    article = next((node for node in path if node.kind == "article"), None)
    clause = next((node for node in path if node.kind == "clause"), None)
    point = next((node for node in path if node.kind == "point"), None)
    references = [
        found
        for found in _REFERENCE.finditer(rest)
        if found["points"] or found["clauses"] or found["articles"]
    ]
    # Vietnamese citations run small to big ("khoản 1 và khoản 3 Điều này"): a reference
    # that omits its article or clause takes it from the next one that names it.
    resolved: list[str] = []
    next_article: str | None = None
    next_clause: str | None = None
    for found in reversed(references):
        articles_text, clauses_text, points_text = (
            found["articles"],
            found["clauses"],
            found["points"],
        )
        if articles_text:
            next_article = None
            next_clause = None
        if articles_text and articles_text.lower() == "này":
            article_ids = [article.eid] if article else []
        elif articles_text:
            article_ids = [f"art_{item.lower()}" for item in _items(articles_text)]
        elif next_article:
            article_ids = [next_article]
        else:
            article_ids = [article.eid] if article else []
        if clauses_text and clauses_text.lower() == "này":
            clause_ids = [clause.eid] if clause else []
        elif clauses_text:
            clause_ids = [f"{article_ids[0]}__cl_{item}" for item in _items(clauses_text)]
        elif points_text and next_clause:
            clause_ids = [next_clause]
        elif points_text and points_text.lower() != "này":
            # "điểm b" alone: in the clause where the sentence stands; "điểm b Điều 5": a
            # point placed directly in the article.
            clause_ids = [clause.eid] if clause and not articles_text else list(article_ids)
        else:
            clause_ids = []
        if points_text and points_text.lower() == "này":
            ids = [point.eid] if point else []
        elif points_text:
            ids = [
                f"{clause_ids[0]}__pt_{_point_id(item)}"
                for item in _items(points_text)
                if clause_ids
            ]
        else:
            ids = clause_ids or article_ids
        if article_ids:
            next_article = article_ids[0]
        if clause_ids:
            next_clause = clause_ids[0]
        resolved[:0] = ids
    if not resolved and _WHOLE.search(rest):
        return [WHOLE_DOCUMENT]
    return list(dict.fromkeys(resolved))


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def _in_sentence(sentence: str, path: list[Node]) -> list[Proposal]:
    proposals: list[Proposal] = []
    for found in _DELEGATION.finditer(sentence):
        if not found["do"] and _NOT_DELEGATING_BEFORE.search(sentence[: found.start()]):
            continue
        assignee = found["assignee"]
        targets = _resolve(found["rest"], path)
        if not targets:
            # "Chính phủ quy định chi tiết về trình tự …", "… do Chính phủ quy định": the
            # provision in which the sentence stands.
            targets = [path[-1].eid]
        proposals.append(
            Proposal(
                provisions=tuple(targets),
                assignee=assignee,
                expected_type=expected_type(assignee),
                text=sentence.rstrip(" ;"),
                source_provision=path[-1].eid,
                verb=found["verb"],
            )
        )
    return proposals


def extract(tree: Tree) -> list[Proposal]:
    """Every delegation in the document, in text order."""
    proposals: list[Proposal] = []

    def visit(node: Node, path: list[Node]) -> None:
        here = [*path, node]
        if node.kind in ("article", "clause", "point"):
            for sentence in _sentences(node.text):
                proposals.extend(_in_sentence(sentence, here))
        for child in node.children:
            visit(child, here)

    for node in tree.body:
        visit(node, [])
    return proposals
