"""What an enforcement case still owes: the amount to enforce less what was collected and what
was reduced, from the movements (docs/domain/enforcement.md). Below the workflow, whose
completion guard asks it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from tuphap.enforcement.cases.models import EnforcementCase, Movement, MovementKind


@dataclass(frozen=True)
class Money:
    amount: int
    collected: int
    reduced: int
    paid_out: int

    @property
    def outstanding(self) -> int:
        return self.amount - self.collected - self.reduced


def money_of(detail: EnforcementCase) -> Money:
    sums = dict(
        Movement.objects.filter(enforcement_case=detail)
        .values_list("kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return Money(
        detail.amount_to_enforce,
        int(sums.get(MovementKind.COLLECTED, 0)),
        int(sums.get(MovementKind.REDUCED, 0)),
        int(sums.get(MovementKind.PAID_OUT, 0)),
    )


def outstanding(detail: EnforcementCase) -> int:
    return money_of(detail).outstanding
