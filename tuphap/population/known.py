"""The population the stand-in knows before any request of ours.

The real population database holds every citizen who has a PIN. A register that is generated
(``generate_civil_status``, the demo) invents adults who already have one — parents, spouses,
the deceased — so it writes them into the stand-in's data file here; the relay's deaths and
marriages about them then find their citizen instead of ending ``unknown_pin``. Only the
stand-in has such a file: nothing here speaks to a real population database.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from tuphap.population import standin
from tuphap.population.standin import KnownCitizen

__all__ = ["KnownCitizen", "register_known", "standin_data_path"]


def standin_data_path() -> Path:
    """The stand-in's data file when none is named (``population_standin --data``)."""
    return Path(settings.VAR_DIR) / "population-standin.sqlite3"


def register_known(citizens: Iterable[KnownCitizen], *, data: Path | None = None) -> int:
    """Write ``citizens`` into the stand-in's data (created if missing; a running stand-in
    sees them at its next request). A PIN already held is left alone. Returns how many were
    added."""
    return standin.Store(data or standin_data_path()).add_known_citizens(citizens)
