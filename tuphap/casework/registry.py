"""Registers declared as data, and the registry they are registered into.

A register (enforcement, legal aid, complaints, …) declares once, in its app:

* its **states** (code, label, whether terminal), shared by all its rule sets;
* its **rule sets**, each in force from ``valid_from`` to ``valid_to`` (inclusive, open-ended
  when empty), holding the **transitions** (name, from states, to state, roles allowed, optional
  guard, optional deadline rule for the target state, effect on the clock) and the deadline of
  the initial state;
* which roles may open, assign and pause/resume/extend its cases.

The register's ``AppConfig.ready()`` calls ``registry.register(SPEC)``. The engine
(``services.case_transition``) applies a spec; nothing else in the engine knows a register.
See docs/domain/casework.md.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tuphap.core.deadlines import MAX_AMOUNT, Unit
from tuphap.core.errors import ValidationFailed

if TYPE_CHECKING:
    from tuphap.casework.models import Case

Label = str | Promise


class Clock(enum.StrEnum):
    """What a transition does to the case's deadline clock."""

    START = "start"  # a new deadline (the transition's rule) runs from the transition's date
    KEEP = "keep"  # the running deadline goes on unchanged
    STOP = "stop"  # the new state has no deadline
    PAUSE = "pause"  # the clock stands still (postponement, suspension)
    RESUME = "resume"  # the clock runs again; the deadline is pushed back by the paused days


class RuleSelection(enum.StrEnum):
    """Which date picks the rule set a step is checked against."""

    # The rule set in force at the case's event date, for the whole life of the case.
    EVENT_DATE = "event_date"
    # The rule set in force on the date of each step (for transition clauses such as NĐ 152/2026
    # Art. 115: steps done under the old law stand, later steps follow the new one).
    ACTION_DATE = "action_date"


@dataclass(frozen=True)
class Extension:
    """A deadline may be extended ``max_count`` times by ``amount`` ``unit`` each, counted from
    the current due date (e.g. a denunciation: at most 2 × 30 days)."""

    amount: int
    unit: Unit
    max_count: int

    def __post_init__(self) -> None:
        _check_period(self.amount, self.unit)
        if self.max_count < 1:
            raise ValueError("An extension rule allows at least one extension.")


@dataclass(frozen=True)
class DeadlineRule:
    """``amount`` ``unit`` counted by the calendar engine from the date of the transition (that
    day not counted); in ``Unit.HOURS``, real hours from the moment of the transition.
    ``basis`` cites the legal rule, e.g. ``"Luật THADS 2008 Art. 36(1)"``."""

    amount: int
    unit: Unit
    basis: str = ""
    extension: Extension | None = None

    def __post_init__(self) -> None:
        _check_period(self.amount, self.unit)


def _check_period(amount: int, unit: Unit) -> None:
    if not isinstance(unit, Unit):
        raise TypeError(f"A deadline unit is a tuphap.core.deadlines.Unit, not {unit!r}.")
    if (
        isinstance(amount, bool)
        or not isinstance(amount, int)
        or not 1 <= amount <= MAX_AMOUNT[unit]
    ):
        raise ValueError(f"A deadline amount is a whole number from 1 to {MAX_AMOUNT[unit]}.")


@dataclass(frozen=True)
class ScheduledDeadline:
    """A deadline decided for one case when the transition is made: ``rule`` counted from
    ``start`` (not counted), or from the moment ``start_at`` when the rule is in hours."""

    rule: DeadlineRule
    start: datetime.date
    start_at: datetime.datetime | None = None

    def __post_init__(self) -> None:
        if self.rule.unit is Unit.HOURS and self.start_at is None:
            raise ValueError("A deadline in hours is scheduled from a moment (start_at).")


class Schedule(Protocol):
    """Decides the deadline of a transition from the case (and its register detail), the
    payload and the moment the step takes effect, for a register whose time limit depends on
    the kind of matter (e.g. civil status: the same day, 3 working days or 15 days, and a
    filing after 15:00 counting from the next working day). Reads only; never writes."""

    def __call__(
        self, *, case: Case, payload: Mapping[str, Any], at: datetime.datetime
    ) -> ScheduledDeadline: ...


class GuardCheck(Protocol):
    def __call__(self, *, case: Case, actor: Any, payload: Mapping[str, Any]) -> bool: ...


@dataclass(frozen=True)
class Guard:
    """A condition a transition needs besides the state and the role. ``check`` reads the case
    (and its register detail), the actor and the payload; it must not write. ``message`` says
    why the transition is refused when it returns False."""

    check: GuardCheck
    message: Label


@dataclass(frozen=True)
class State:
    code: str
    label: Label
    terminal: bool = False


def _frozen(values: Iterable[str] | str) -> frozenset[str]:
    if isinstance(values, str):
        return frozenset({values})
    return frozenset(str(value) for value in values)


@dataclass(frozen=True)
class Transition:
    name: str
    label: Label
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    guard: Guard | None = None
    deadline: DeadlineRule | None = None
    # None: START when there is a deadline, KEEP on a transition to the same state, else STOP.
    clock: Clock | None = None
    # Instead of ``deadline``: the deadline decided per case when the step is made.
    schedule: Schedule | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", _frozen(self.sources))
        object.__setattr__(self, "roles", _frozen(self.roles))
        if not self.name or not self.sources or not self.roles:
            raise ValueError(f"Transition {self.name!r} needs a name, source states and roles.")
        timed = self.deadline is not None or self.schedule is not None
        if self.deadline is not None and self.schedule is not None:
            raise ValueError(f"Transition {self.name!r} has both a deadline and a schedule.")
        if self.clock is Clock.START and not timed:
            raise ValueError(f"Transition {self.name!r} starts the clock but has no deadline.")
        if timed and self.clock not in (None, Clock.START):
            raise ValueError(f"Transition {self.name!r} has a deadline but clock={self.clock}.")

    @property
    def clock_effect(self) -> Clock:
        if self.clock is not None:
            return self.clock
        if self.deadline is not None or self.schedule is not None:
            return Clock.START
        if self.sources == {self.target}:
            return Clock.KEEP
        return Clock.STOP


@dataclass(frozen=True)
class RuleSet:
    """The transitions and deadlines in force from ``valid_from`` to ``valid_to`` (both
    inclusive; ``None`` is unbounded). ``basis`` names the law and decree."""

    code: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    transitions: tuple[Transition, ...]
    initial_deadline: DeadlineRule | None = None
    basis: str = ""
    _by_name: dict[str, Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "transitions", tuple(self.transitions))
        names = [transition.name for transition in self.transitions]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"Rule set {self.code!r} declares {duplicates} twice.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(f"Rule set {self.code!r} ends before it starts.")
        object.__setattr__(self, "_by_name", {t.name: t for t in self.transitions})

    def covers(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def transition(self, name: str) -> Transition | None:
        return self._by_name.get(name)

    def transitions_from(self, state: str) -> list[Transition]:
        return [transition for transition in self.transitions if state in transition.sources]


class NoRuleSet(ValidationFailed):
    code = "no_rule_set"


@dataclass(frozen=True)
class RegisterSpec:
    code: str
    name_vi: str
    name_en: str
    states: tuple[State, ...]
    initial_state: str
    rule_sets: tuple[RuleSet, ...]
    open_roles: frozenset[str]
    assign_roles: frozenset[str]
    clock_roles: frozenset[str]  # may pause, resume and extend
    rule_selection: RuleSelection = RuleSelection.EVENT_DATE
    # Who may read the register's cases without working on them (need to know by role); the
    # working roles always read. A role in neither sees none of the register's cases, by any
    # path (lists, workqueues, ids, search).
    read_roles: frozenset[str] = frozenset()
    _states: dict[str, State] = field(init=False, repr=False, compare=False)
    _readers: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("open_roles", "assign_roles", "clock_roles", "read_roles"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        object.__setattr__(self, "states", tuple(self.states))
        object.__setattr__(
            self,
            "rule_sets",
            tuple(sorted(self.rule_sets, key=lambda r: r.valid_from or datetime.date.min)),
        )
        states = {state.code: state for state in self.states}
        if len(states) != len(self.states):
            raise ValueError(f"Register {self.code!r} declares a state twice.")
        object.__setattr__(self, "_states", states)
        # Read on every case query (permissions.visible_cases): computed once.
        object.__setattr__(
            self, "_readers", self.working_roles() | self.assign_roles | self.read_roles
        )
        if self.initial_state not in states or states[self.initial_state].terminal:
            raise ValueError(f"Register {self.code!r}: the initial state must not be terminal.")
        if not self.rule_sets:
            raise ValueError(f"Register {self.code!r} has no rule set.")
        for rule_set in self.rule_sets:
            for transition in rule_set.transitions:
                unknown = (transition.sources | {transition.target}) - states.keys()
                if unknown:
                    raise ValueError(
                        f"Register {self.code!r}, transition {transition.name!r}: "
                        f"unknown states {sorted(unknown)}."
                    )
        for earlier, later in zip(self.rule_sets, self.rule_sets[1:], strict=False):
            if earlier.valid_to is None or (
                later.valid_from is not None and later.valid_from <= earlier.valid_to
            ):
                raise ValueError(
                    f"Register {self.code!r}: rule sets {earlier.code!r}, {later.code!r} overlap."
                )

    @property
    def name(self) -> str:
        return self.name_vi if (get_language() or "vi").startswith("vi") else self.name_en

    def state(self, code: str) -> State:
        try:
            return self._states[code]
        except KeyError:
            raise ValidationFailed(
                _("Unknown state %(state)s.") % {"state": repr(code)},
                fields={"state": _("Not a state of this register.")},
            ) from None

    def state_label(self, code: str) -> str:
        state = self._states.get(code)
        return str(state.label) if state else code

    def is_terminal(self, code: str) -> bool:
        state = self._states.get(code)
        return bool(state and state.terminal)

    def rule_set_on(self, day: datetime.date) -> RuleSet:
        for rule_set in self.rule_sets:
            if rule_set.covers(day):
                return rule_set
        raise NoRuleSet(
            _("No rules of this register are in force on %(day)s.") % {"day": day.isoformat()},
            fields={"event_date": _("No rules of this register are in force on this date.")},
        )

    def rule_set_for(self, *, event_date: datetime.date, action_date: datetime.date) -> RuleSet:
        """The rule set a step taken on ``action_date`` of a case with ``event_date`` is
        checked against."""
        if self.rule_selection is RuleSelection.ACTION_DATE:
            return self.rule_set_on(action_date)
        return self.rule_set_on(event_date)

    def has_transition(self, name: str) -> bool:
        return any(rule_set.transition(name) for rule_set in self.rule_sets)

    def working_roles(self) -> frozenset[str]:
        """Every role that may do something in this register (who may be assigned a case)."""
        roles = set(self.open_roles | self.clock_roles)
        for rule_set in self.rule_sets:
            for transition in rule_set.transitions:
                roles |= transition.roles
        return frozenset(roles)

    def reader_roles(self) -> frozenset[str]:
        """Every role that may read this register's cases."""
        return self._readers


class UnknownRegister(ValidationFailed):
    code = "unknown_register"

    def __init__(self, code: str) -> None:
        message = _("Unknown register %(code)s.") % {"code": repr(code)}
        super().__init__(message, fields={"register": message})
        self.register_code = code


class RegisterRegistry:
    def __init__(self) -> None:
        self._specs: dict[str, RegisterSpec] = {}

    def register(self, spec: RegisterSpec) -> RegisterSpec:
        """Add a register; a second one with the same code is refused."""
        if spec.code in self._specs and self._specs[spec.code] is not spec:
            raise ValueError(f"Register {spec.code!r} is already registered.")
        self._specs[spec.code] = spec
        return spec

    def unregister(self, code: str) -> None:
        self._specs.pop(code, None)

    def get(self, code: str) -> RegisterSpec:
        try:
            return self._specs[code]
        except KeyError:
            raise UnknownRegister(code) from None

    def __contains__(self, code: object) -> bool:
        return code in self._specs

    def all(self) -> list[RegisterSpec]:
        return sorted(self._specs.values(), key=lambda spec: spec.code)

    @contextmanager
    def registered(self, spec: RegisterSpec) -> Iterator[RegisterSpec]:
        """Register ``spec`` for the duration of a block (tests)."""
        self.register(spec)
        try:
            yield spec
        finally:
            self.unregister(spec.code)


REGISTRY = RegisterRegistry()
register = REGISTRY.register
unregister = REGISTRY.unregister
get = REGISTRY.get
registered = REGISTRY.registered


def all_registers() -> list[RegisterSpec]:
    return REGISTRY.all()
