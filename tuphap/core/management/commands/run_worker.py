"""``manage.py run_worker [--once] [--job NAME ...] [--force] [--list]``

The one background process: runs every scheduled job of ``core.jobs`` when it is due (one at a
time, each under its lock, so several workers may run side by side), drains the Tasks API's
database queue, and sleeps ``WORKER_IDLE_SECONDS``. SIGTERM or Ctrl-C stops it after the job in
hand (a second one at once, recording the job as interrupted). See docs/operations.md.
"""

from __future__ import annotations

import json
import signal
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuphap.core import jobs, worker


def _seconds(value: Any) -> str:
    seconds = int(value.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


class Command(BaseCommand):
    help = "Run the scheduled background jobs and the task queue (--once: what is due, then exit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run what is due once, then exit.")
        parser.add_argument(
            "--job",
            action="append",
            dest="names",
            metavar="NAME",
            help="Run only this job (repeatable); see --list.",
        )
        parser.add_argument(
            "--force", action="store_true", help="With --once: run the jobs even if not due."
        )
        parser.add_argument("--list", action="store_true", help="Print the schedule and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in jobs.schedule():
                self.stdout.write(f"{job.name}\tevery {_seconds(job.interval)}\t{job.description}")
            return
        names = options["names"]
        unknown = sorted(set(names or ()) - set(jobs.JOBS))
        if unknown:
            raise CommandError(f"--job: no job named {', '.join(unknown)} (see --list).")
        if options["force"] and not options["once"]:
            raise CommandError("--force: only with --once.")
        loop = worker.Worker(idle_seconds=settings.WORKER_IDLE_SECONDS, names=names)

        def request_stop(signum: int, frame: FrameType | None) -> None:
            if loop.stop.is_set():
                raise KeyboardInterrupt  # asked twice: stop now, the job in hand is recorded
            loop.request_stop()

        numbers = (signal.SIGTERM, signal.SIGINT)
        previous = {number: signal.signal(number, request_stop) for number in numbers}
        try:
            if not options["once"]:
                loop.run_forever()
                return
            outcomes, drained = loop.tick(force=options["force"])
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
        for outcome in outcomes:
            line = {"job": outcome.job, "succeeded": outcome.succeeded, **outcome.result}
            if outcome.error:
                line["error"] = outcome.error.strip().splitlines()[-1]
            self.stdout.write(json.dumps(line, default=str, ensure_ascii=False))
        self.stdout.write(f"{len(outcomes)} job(s) run, {drained} queued task(s) run.")
        if any(not outcome.succeeded for outcome in outcomes):
            raise CommandError("A job failed; its error is on the status page and in the log.")
