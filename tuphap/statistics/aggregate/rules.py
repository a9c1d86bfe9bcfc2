"""Validation rules of a form, pure: parsing ``a + b.male - c`` and evaluating it on the cells.

An equality or an "at most" that fails is an **error** (the form cannot be submitted); a jump
of more than the rule's threshold from the same period last year is a **warning** (shown, never
blocking). A term naming an element alone means its total (the sum of its options). Empty cells
count as 0, but a rule none of whose cells has a value is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

# (element code, option code or None) → value
Cells = Mapping[tuple[str, str | None], int]
Term = tuple[int, str, str | None]  # sign, element, option

_TERM = re.compile(r"^([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?$")
ERROR, WARNING = "error", "warning"


class RuleSyntaxError(ValueError):
    pass


def parse(expression: str) -> list[Term]:
    """``"a + b.male - c"`` → ``[(1, "a", None), (1, "b", "male"), (-1, "c", None)]``."""
    text = expression.replace(" ", "")
    if not text:
        raise RuleSyntaxError(_("The expression is empty."))
    if text[0] not in "+-":
        text = "+" + text
    terms: list[Term] = []
    for sign, body in re.findall(r"([+-])([^+-]*)", text):
        match = _TERM.match(body)
        if match is None:
            raise RuleSyntaxError(
                _("%(term)r is not an element code or element.option.") % {"term": body}
            )
        terms.append((1 if sign == "+" else -1, match.group(1), match.group(2)))
    return terms


@dataclass(frozen=True)
class Layout:
    """The elements of a data set and their option codes (empty tuple: no breakdown)."""

    options: Mapping[str, tuple[str, ...]]

    def cells_of(self, element: str, option: str | None) -> list[tuple[str, str | None]]:
        choices = self.options[element]
        if option is not None:
            return [(element, option)]
        return [(element, code) for code in choices] if choices else [(element, None)]


def check_terms(terms: list[Term], layout: Layout) -> list[str]:
    problems = []
    for _sign, element, option in terms:
        if element not in layout.options:
            problems.append(_("No data element %(code)s in this form.") % {"code": element})
        elif option is not None and option not in layout.options[element]:
            problems.append(
                _("Data element %(element)s has no option %(option)s.")
                % {"element": element, "option": option}
            )
    return problems


def evaluate(terms: list[Term], layout: Layout, cells: Cells) -> tuple[int, bool]:
    """The sum, and whether any of its cells has a value."""
    total, seen = 0, False
    for sign, element, option in terms:
        for cell in layout.cells_of(element, option):
            if cell in cells:
                seen = True
                total += sign * cells[cell]
    return total, seen


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # ERROR or WARNING
    message: str
    left: int
    right: int | None
    cells: tuple[tuple[str, str | None], ...]  # the cells the rule reads (to mark on the grid)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "left": self.left,
            "right": self.right,
        }


@dataclass(frozen=True)
class RuleSpec:
    code: str
    kind: str
    left: str
    right: str
    threshold: int | None
    message: str


def run(
    specs: list[RuleSpec], layout: Layout, cells: Cells, last_year: Cells | None
) -> list[Finding]:
    findings: list[Finding] = []
    for spec in specs:
        left_terms = parse(spec.left)
        touched = tuple(c for _s, e, o in left_terms for c in layout.cells_of(e, o))
        left, left_seen = evaluate(left_terms, layout, cells)
        if spec.kind == "jump":
            if last_year is None or not left_seen:
                continue
            before, before_seen = evaluate(left_terms, layout, last_year)
            if not before_seen or before == 0:
                continue
            change = abs(left - before) * 100 / before
            if change > (spec.threshold or 0):
                text = _(
                    "%(message)s: %(now)s against %(before)s in the same period last year "
                    "(%(change).0f %%, above %(threshold)s %%)."
                ) % {
                    "message": spec.message,
                    "now": left,
                    "before": before,
                    "change": change,
                    "threshold": spec.threshold,
                }
                findings.append(Finding(spec.code, WARNING, text, left, before, touched))
            continue
        right_terms = parse(spec.right)
        touched += tuple(c for _s, e, o in right_terms for c in layout.cells_of(e, o))
        right, right_seen = evaluate(right_terms, layout, cells)
        if not (left_seen or right_seen):
            continue
        broken = left != right if spec.kind == "equal" else left > right
        if broken:
            sign = "≠" if spec.kind == "equal" else ">"
            text = f"{spec.message}: {left} {sign} {right}."
            findings.append(Finding(spec.code, ERROR, text, left, right, touched))
    return findings
