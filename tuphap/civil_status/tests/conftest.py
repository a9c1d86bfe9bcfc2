from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import clear_url_caches
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings: Any) -> Iterator[None]:
    """Messages are asserted in English; requests without a language preference get English.
    The URL resolver caches its language prefix: clear it on the way in and out."""
    settings.LANGUAGE_CODE = "en"
    clear_url_caches()
    with translation.override("en"):
        yield
    clear_url_caches()


@pytest.fixture(autouse=True)
def standin_data_elsewhere(settings: Any, tmp_path: Any) -> None:
    """The demo and the generator write the people who have a PIN into the population database
    stand-in's data file under VAR_DIR: keep the tests' out of the working tree's var/."""
    settings.VAR_DIR = tmp_path
