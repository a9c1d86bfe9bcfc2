"""The write path of a compensation claim, kept lean: the resolver is one of the agency's
compensation officers (the same rule as ``permissions.can_work``, in the query), a step reads
the claim and its case once, and the deadline rules read the claim the step holds — with the
statements each call sends bounded (bench/bench_oversight_compensation.py)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db.models import QuerySet

from tuphap.accounts.models import User
from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.casework.models import Case
from tuphap.core.errors import ValidationFailed
from tuphap.oversight.compensation import permissions, services
from tuphap.oversight.tests.test_compensation_services import (
    Compensation,
    agencies,
    due_day,
    opened,
    step,
)

pytestmark = pytest.mark.django_db

VN = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(datetime.datetime(2026, 12, 8, 9, 0, tzinfo=VN), tick=False):
        yield


@pytest.fixture
def comp(world: Any) -> Compensation:
    return agencies(world)


def users(comp: Compensation) -> QuerySet[User]:
    return User.objects.filter(agency__in=[comp.police, comp.police_ha_tinh])


def test_the_workers_are_those_who_can_work(comp: Compensation) -> None:
    make = account_factories.user
    gone = make("boithuong_nghihuu", comp.police, Role.COMPENSATION_OFFICER)
    gone.is_active = False
    gone.save()
    make("lanhdao_ca", comp.police, Role.LEADER)
    make("kiemtoan_ca", comp.police, Role.AUDITOR)
    make("hai_vai_ca", comp.police, Role.LEADER, Role.COMPENSATION_OFFICER)
    everyone = list(users(comp).order_by("username"))
    expected = [user.username for user in everyone if permissions.can_work(user)]
    found = list(permissions.workers(users(comp)).order_by("username"))
    assert [user.username for user in found] == expected
    assert "hai_vai_ca" in expected
    assert "boithuong_nghihuu" not in expected
    assert "lanhdao_ca" not in expected


def test_the_resolver_is_an_active_officer_of_the_agency(world: Any, comp: Compensation) -> None:
    leader = account_factories.user("lanhdao_ca", comp.police, Role.LEADER)
    gone = account_factories.user("boithuong_nghihuu", comp.police, Role.COMPENSATION_OFFICER)
    gone.is_active = False
    gone.save()
    claim = opened(world, comp)
    step(comp, claim, "accept", on=D(2026, 2, 13))
    for user in (leader, gone, comp.officer_ha_tinh):
        with pytest.raises(ValidationFailed) as refused:
            step(comp, claim, "assign_resolver", on=D(2026, 2, 23), resolver_id=user.pk)
        assert "resolver" in refused.value.fields, user
    claim = step(comp, claim, "assign_resolver", on=D(2026, 2, 23), resolver_id=comp.resolver.pk)
    assert claim.resolver == comp.resolver


def test_a_step_keeps_the_claims_other_fields(world: Any, comp: Compensation) -> None:
    """Only the fields a step changes are written; the rest stay as they were."""
    claim = opened(world, comp, honour_form="apology")
    step(comp, claim, "accept", on=D(2026, 2, 13), complex=True)
    claim.refresh_from_db()
    assert claim.accepted_on == D(2026, 2, 13)
    assert claim.complex
    assert claim.honour_form == "apology"
    assert claim.claimant_name == "Trần Văn Oan"
    # the verification limit reads the accepted, complex claim the step holds: 30 days
    step(comp, claim, "assign_resolver", on=D(2026, 2, 23), resolver_id=comp.resolver.pk)
    assert due_day(claim) == D(2026, 3, 16)


def test_the_statements_of_receive_accept_assign(
    world: Any, comp: Compensation, django_assert_max_num_queries: Any
) -> None:
    # The first claim of the year creates the book's counter and loads the officer's roles and
    # the calendar; the statements are those of the next.
    opened(world, comp)
    with django_assert_max_num_queries(15):
        claim = opened(world, comp)
    case = Case.objects.get(pk=claim.case_id)
    with django_assert_max_num_queries(12):
        services.claim_step(
            actor=comp.officer,
            case=case,
            transition="accept",
            data=services.StepData(on=D(2026, 2, 13)),
        )
    with django_assert_max_num_queries(13):
        services.claim_step(
            actor=comp.officer,
            case=case,
            transition="assign_resolver",
            data=services.StepData(on=D(2026, 2, 23), resolver_id=comp.resolver.pk),
        )
