from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

SAMPLE = (
    Path(__file__).resolve().parent.parent / "documents" / "data" / "luat_hoa_giai_truc_tuyen.txt"
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in English (their msgids), whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def sample_law_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")
