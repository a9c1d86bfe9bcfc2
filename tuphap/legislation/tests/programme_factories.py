"""The programme, its items and dossiers for tests, made through the services."""

from __future__ import annotations

import datetime
from typing import Any

from conftest import World
from tuphap.accounts.models import Agency, AgencyKind, AgencyLevel
from tuphap.accounts.tests import factories as account_factories
from tuphap.legislation.programme import workflow
from tuphap.legislation.programme.models import (
    ItemKind,
    LegislativeDraft,
    LegislativeProposal,
    Programme,
    ProgrammeItem,
)
from tuphap.legislation.programme.services import appraisal as services_appraisal
from tuphap.legislation.programme.services import items as services_programme
from tuphap.places.tests import factories as place_factories

D = datetime.date


def central(world: World) -> Agency:
    """The Ministry of Finance, a central drafting agency (its dossiers are central-level
    cases, with no place)."""
    return account_factories.agency(
        "BTC", "Bộ Tài chính", kind=AgencyKind.CENTRAL_BODY, level=AgencyLevel.NATIONAL
    )


def hanoi_department() -> Agency:
    """Hà Nội and its Department of Justice: the capital, where central work used to be placed."""
    hanoi = place_factories.province("01", "Thành phố Hà Nội")
    return account_factories.agency("STP-01", "Sở Tư pháp Hà Nội", units=[hanoi])


def programme(actor: Any, year: int = 2026) -> Programme:
    return services_programme.programme_create(
        actor=actor, year=year, resolution="Nghị quyết 129/2025/QH15", adopted_on=D(2025, 6, 10)
    )


def item(actor: Any, of: Programme, lead: Agency, **overrides: Any) -> ProgrammeItem:
    values: dict[str, Any] = {
        "title": "Luật Thuế thu nhập cá nhân (sửa đổi)",
        "kind": ItemKind.LAW,
        "lead_agency": lead,
        "legislature": 15,
        "session": 10,
        "planned_month": 10,
    }
    values.update(overrides)
    return services_programme.item_add(actor=actor, programme=of, **values)


def draft(
    actor: Any,
    lead: Agency,
    *,
    received_on: datetime.date,
    of: ProgrammeItem | None = None,
    register: str = workflow.DRAFT,
    doc_type: str = "law",
) -> LegislativeProposal | LegislativeDraft:
    return services_appraisal.dossier_open(
        actor=actor,
        register=register,
        title="Luật Thuế thu nhập cá nhân (sửa đổi)",
        doc_type=doc_type,
        drafting_agency=lead,
        received_on=received_on,
        item=of,
    )
