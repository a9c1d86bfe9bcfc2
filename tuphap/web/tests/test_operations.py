"""The administrators' status page, and the health and readiness answers."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone, translation

from tuphap.accounts.tests import factories as account_factories
from tuphap.core import jobs, worker
from tuphap.core.models import JobState
from tuphap.population.models import MessageStatus, OutboxMessage
from tuphap.statistics.models import RollupCoverage
from tuphap.web import operations, views


def _message(status: str, number: int) -> OutboxMessage:
    return OutboxMessage.objects.create(
        kind="birth",
        payload={"full_name": f"Thử {number}"},
        subject_type="civil_status.registration",
        subject_id=str(number),
        registered_on=datetime.date(2026, 11, 20),
        status=status,
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("administrator", 200),
        ("leader", 403),
        ("auditor", 403),
        ("statistics_officer", 403),
        ("provincial_specialist", 403),
    ],
    ids=["administrator", "leader", "auditor", "statistics-officer", "provincial-specialist"],
)
def test_only_administrators_open_the_status_page(
    world: Any, client: Client, persona: str, status: int
) -> None:
    client.force_login(world.users[persona])

    assert client.get("/operations/").status_code == status


def test_staff_of_the_admin_site_open_it_and_anonymous_users_sign_in_first(
    world: Any, client: Client
) -> None:
    assert client.get("/operations/").status_code == 302
    staff = account_factories.user("nhanvien_qt", world.ministry, "leader")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)

    assert client.get("/operations/").status_code == 200


def test_the_link_is_in_the_administration_area_for_administrators_only(
    world: Any, client: Client
) -> None:
    client.force_login(world.users["administrator"])
    page = client.get("/en/").content.decode()
    assert 'data-area="administration"' in page
    assert 'href="/en/operations/">System status</a>' in page

    client.force_login(world.users["leader"])
    page = client.get("/en/").content.decode()
    assert 'data-area="administration"' not in page
    assert "/operations/" not in page


def test_the_page_shows_each_jobs_last_run_lag_and_error(world: Any, client: Client) -> None:
    now = timezone.now()
    # The relay (every 5 s) last started ten minutes ago and failed; the purge ran on time.
    JobState.objects.create(
        name="population.relay",
        last_started_at=now - datetime.timedelta(minutes=10),
        last_finished_at=now - datetime.timedelta(minutes=10) + datetime.timedelta(seconds=2.5),
        last_duration=datetime.timedelta(seconds=2.5),
        last_outcome=JobState.Outcome.FAILED,
        last_error="Traceback ...\nConnectionRefusedError: [Errno 111] Connection refused\n",
        consecutive_failures=3,
    )
    JobState.objects.create(
        name="core.idempotent_requests_purge",
        last_started_at=now - datetime.timedelta(minutes=5),
        last_duration=datetime.timedelta(seconds=0.02),
        last_outcome=JobState.Outcome.SUCCEEDED,
    )
    client.force_login(world.users["administrator"])

    page = client.get("/en/operations/").content.decode()

    def row(name: str) -> str:
        return page.split(f'data-job="{name}"')[1].split("</tr>")[0]

    relay = row("population.relay")
    assert '<td class="num nowrap">2.5 s</td>' in relay
    assert '<span class="badge bad">failed</span>' in relay
    assert "3 times in a row" in relay
    # Due 5 s after its start, it is 9 min 55 s late: more than its interval, so in red.
    assert '<span class="badge nowrap bad" data-testid="lag">9 min 55 s</span>' in relay
    assert '<summary class="small">ConnectionRefusedError: [Errno 111]' in relay
    purge = row("core.idempotent_requests_purge")
    assert '<span class="badge ok">succeeded</span>' in purge
    assert "On time" in purge
    assert '<td class="num nowrap">0.02 s</td>' in purge
    assert "Never run" in row("casework.overdue_poll")


def test_the_page_counts_the_outbox_by_state(world: Any, client: Client) -> None:
    for number, status in enumerate(
        [MessageStatus.PENDING, MessageStatus.PENDING, MessageStatus.SENT]
        + [MessageStatus.NEEDS_RECONCILIATION] * 2
    ):
        _message(status, number)
    client.force_login(world.users["administrator"])

    page = client.get("/en/operations/").content.decode()

    card = r'data-status="(\w+)">\s*<div[^>]*>[^<]*</div>\s*<div class="figure">(\d+)<'
    figures = dict(re.findall(card, page))

    assert figures == {
        "pending": "2",
        "sent": "1",
        "failed_permanently": "0",
        "needs_reconciliation": "2",
        "resolved": "0",
    }
    assert "2 messages need reconciliation" in page
    assert "Oldest pending message: created" in page


def test_the_page_shows_the_rollups_freshness(world: Any, client: Client) -> None:
    from tuphap.statistics.registry import registry

    code = sorted(indicator.code for indicator in registry.stored())[0]
    RollupCoverage.objects.create(
        indicator=code,
        month=timezone.localdate().replace(day=1),
        rows=3,
        computed_at=timezone.now(),
    )
    expected = 13 * len(registry.stored())
    client.force_login(world.users["administrator"])

    page = client.get("/en/operations/").content.decode()

    assert f": 1 of {expected} (indicator × month)." in page
    assert "Oldest computation" in page
    assert "Never computed" in page  # the indicators never computed come first


def test_freshness_puts_never_computed_and_then_the_stalest_first(db: Any) -> None:
    from tuphap.statistics import selectors
    from tuphap.statistics.registry import registry

    today = datetime.date(2026, 12, 7)
    codes = sorted(indicator.code for indicator in registry.stored())
    old = timezone.now() - datetime.timedelta(days=3)
    recent = timezone.now() - datetime.timedelta(hours=1)
    months = [datetime.date(2025 + (11 + m) // 12, (11 + m) % 12 + 1, 1) for m in range(13)]
    for code in codes:  # every indicator computed for the whole window, recently
        for month in months:
            RollupCoverage.objects.create(indicator=code, month=month, rows=0, computed_at=recent)
    RollupCoverage.objects.filter(indicator=codes[1], month=months[0]).update(computed_at=old)
    RollupCoverage.objects.filter(indicator=codes[2], month=months[5]).delete()

    freshness = selectors.rollup_freshness(today, limit=3)

    assert (freshness.first_month, freshness.last_month) == (months[0], months[-1])
    assert freshness.months_expected == 13 * len(codes)
    assert freshness.months_computed == 13 * len(codes) - 1
    assert [(row.code, row.months) for row in freshness.stalest] == [
        (codes[2], 12),  # a month missing
        (codes[1], 13),  # complete, but one month computed three days ago
        (codes[0], 13),
    ]
    assert freshness.oldest == old
    assert freshness.stalest[1].oldest == old


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["0.001 s", "0.35 s", "5 s", "40 s", "2 min 5 s", "5 min", "2 h 5 min", "2 d 1 h"]),
        (
            "vi",
            [
                "0,001 giây",
                "0,35 giây",
                "5 giây",
                "40 giây",
                "2 phút 5 giây",
                "5 phút",
                "2 giờ 5 phút",
                "2 ngày 1 giờ",
            ],
        ),
    ],
    ids=["english", "vietnamese"],
)
def test_a_span_reads_like_people_say_it(language: str, expected: list[str]) -> None:
    with translation.override(language):
        spans = [
            operations.span(datetime.timedelta(seconds=seconds))
            for seconds in (0.0012, 0.35, 5, 40, 125, 300, 3600 * 2 + 300, 86_400 * 2 + 3600)
        ]

    assert spans == expected


def test_health_answers_without_the_database(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No db fixture: any query would fail the test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_the_database_answers_and_every_migration_is_applied(
    db: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "_migrated", False)

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert response.json()["migrations"] == "applied"


def test_not_ready_while_migrations_are_pending(
    db: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    monkeypatch.setattr(views, "_migrated", False)
    # the latest of core's migrations, as if a deploy had not applied it yet
    [(app, name)] = MigrationLoader(connection).graph.leaf_nodes("core")
    assert MigrationRecorder.Migration.objects.filter(app=app, name=name).delete()[0] == 1

    response = client.get("/readyz")

    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "migrations_pending"
    assert error["message"].endswith(": 1.")
    assert error["fields"] == {}


def test_not_ready_when_the_database_does_not_answer(
    db: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> Any:
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(views.connection, "cursor", broken)
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "database_unavailable"


def test_the_status_list_reads_the_registered_schedule(db: Any) -> None:
    names = [row.job.name for row in worker.status_list()]

    assert names == sorted(jobs.JOBS)


def test_the_page_is_in_vietnamese_by_default(world: Any, client: Client) -> None:
    JobState.objects.create(
        name="casework.overdue_poll",
        last_started_at=timezone.now(),
        last_duration=datetime.timedelta(seconds=1),
        last_outcome=JobState.Outcome.FAILED,
        last_error="RuntimeError: x",
        consecutive_failures=2,
    )
    client.force_login(world.users["administrator"])

    page = client.get("/operations/").content.decode()

    assert '<html lang="vi">' in page
    for label in (
        "Trạng thái hệ thống",
        "Tác vụ nền",
        "Chưa chạy lần nào",
        "thất bại",
        "2 lần liên tiếp",
        "Hàng đợi gửi Cơ sở dữ liệu quốc gia về dân cư",
        "Không có thông điệp nào cần đối soát",
        "Số liệu thống kê tổng hợp",
        "Số tháng đã tính từ",
    ):
        assert label in page, label
