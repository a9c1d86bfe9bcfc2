from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[3]


def start(**variables: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with exactly these variables."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "LOGIN_FAILURE_LIMIT"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=ROOT,
        env={**clean, **variables},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "x.gov.vn"}, "SECRET_KEY must be set"),
        ({"DEBUG": "false", "SECRET_KEY": "k" * 50}, "ALLOWED_HOSTS must be set"),
        ({"DEBUG": "maybe"}, "DEBUG must be one of"),
        (
            {"DEBUG": "true", "LOGIN_FAILURE_LIMIT": "five"},
            "LOGIN_FAILURE_LIMIT must be a whole number",
        ),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL must name"),
    ],
    ids=["no-secret-key", "no-allowed-hosts", "bad-bool", "bad-int", "unsupported-database"],
)
def test_settings_refuse_to_start_when_misconfigured(
    variables: dict[str, str], message: str
) -> None:
    result = start(**variables)
    assert result.returncode != 0
    assert message in result.stderr


def test_settings_start_in_production_mode_when_configured() -> None:
    result = start(DEBUG="false", SECRET_KEY="k" * 50, ALLOWED_HOSTS="tuphap.example.gov.vn")
    assert result.returncode == 0, result.stderr


def test_typed_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_LIST", " a, b ,,c ")
    monkeypatch.setenv("SOME_INT", "3")
    monkeypatch.setenv("SOME_CHOICE", "sideways")
    assert env.read_list("SOME_LIST") == ["a", "b", "c"]
    assert env.read_int("SOME_INT", 1, minimum=1) == 3
    with pytest.raises(ImproperlyConfigured, match="SOME_INT must be at least 5"):
        env.read_int("SOME_INT", 1, minimum=5)
    with pytest.raises(ImproperlyConfigured, match="SOME_CHOICE must be one of up, down"):
        env.read_choice("SOME_CHOICE", "up", ("up", "down"))
