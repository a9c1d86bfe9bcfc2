"""Deliver the outbox to the population database (see tuphap/population/relay.py)."""

from __future__ import annotations

import argparse
import json
import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tuphap.core import context
from tuphap.population import relay


class Command(BaseCommand):
    help = "Send pending population-database messages; --once stops when nothing is due now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Exit when nothing is due now.")
        parser.add_argument("--batch", type=int, default=None, help="Rows claimed per round.")
        parser.add_argument(
            "--concurrency", type=int, default=None, help="Requests in flight at once."
        )
        parser.add_argument(
            "--batch-endpoint",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Several messages per POST /batch (default POPULATION_RELAY_BATCH_ENDPOINT).",
        )
        parser.add_argument("--worker-id", default=None, help="Name of this relay (leases).")
        parser.add_argument("--url", default=None, help="Overrides POPULATION_DB_URL.")
        parser.add_argument("--timeout", type=float, default=None, help="Seconds per request.")
        parser.add_argument("--lease-seconds", type=float, default=None)
        parser.add_argument("--backoff-base", type=float, default=None, help="Seconds.")
        parser.add_argument("--backoff-cap", type=float, default=None, help="Seconds.")
        parser.add_argument(
            "--give-up-after",
            type=float,
            default=None,
            help="Seconds without an answer before a message needs reconciliation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        config = relay.RelayConfig.from_settings(
            base_url=options["url"],
            timeout=options["timeout"],
            worker_id=options["worker_id"],
            batch=options["batch"],
            concurrency=options["concurrency"],
            batch_endpoint=options["batch_endpoint"],
            lease_seconds=options["lease_seconds"],
            backoff_base=options["backoff_base"],
            backoff_cap=options["backoff_cap"],
            give_up_after=options["give_up_after"],
        )
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()  # finish the requests in flight, give back the rest of the batch

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        with context.channel("command"):
            stats = relay.run(config, once=options["once"], stop=stop)
        self.stdout.write(json.dumps(stats.as_dict()))
