"""The layout of docs/adr/0012-one-register-layout.md, kept by import-linter: the contracts in
pyproject.toml hold on today's import graph, and each one breaks when the import it forbids comes
back. The models moved into areas keep their tables: every model's table and columns exist in
the database the existing migrations built."""

from __future__ import annotations

import copy
import pathlib
from typing import Any

import grimp
import pytest
from django.apps import apps
from django.db import connection
from importlinter import api
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.layers import LayersContract
from importlinter.domain.contract import Contract

ROOT = pathlib.Path(__file__).resolve().parents[3]
TYPES: dict[str, type[Contract]] = {
    "layers": LayersContract,
    "acyclic_siblings": AcyclicSiblingsContract,
}


@pytest.fixture(scope="module")
def configuration() -> dict[str, Any]:
    return api.read_configuration(str(ROOT / "pyproject.toml"))


def _contracts(configuration: dict[str, Any]) -> dict[str, Contract]:
    contracts = {}
    for options in configuration["contracts_options"]:
        kind = TYPES[options["type"]]
        contracts[options["name"]] = kind(
            name=options["name"],
            session_options=configuration["session_options"],
            contract_options=options,
        )
    return contracts


@pytest.fixture(scope="module")
def built() -> grimp.ImportGraph:
    return grimp.build_graph("tuphap", exclude_type_checking_imports=True, cache_dir=None)


def _kept(contract: Contract, graph: grimp.ImportGraph) -> bool:
    """As lint-imports checks: on a copy, since a contract removes its ignored imports."""
    return contract.check(copy.deepcopy(graph), verbose=False).kept


def test_every_contract_holds_on_the_code(
    configuration: dict[str, Any], built: grimp.ImportGraph
) -> None:
    broken = [name for name, c in _contracts(configuration).items() if not _kept(c, built)]
    assert broken == []


@pytest.mark.parametrize(
    ("importer", "imported", "contract"),
    [
        # An app importing the web plumbing (what the navigation registry replaced).
        ("tuphap.enforcement.cases.views", "tuphap.web.views", "Apps are layered"),
        # One register importing another.
        (
            "tuphap.legislation.programme.services",
            "tuphap.civil_status.registration.models",
            "Apps are layered",
        ),
        # The one upward import the issue named.
        ("tuphap.places.models", "tuphap.accounts.models", "Apps are layered"),
        # A lower area importing a higher one.
        (
            "tuphap.legislation.documents.services",
            "tuphap.legislation.checking.review",
            "Legislation",
        ),
        (
            "tuphap.enforcement.cases.selectors",
            "tuphap.enforcement.administrative.models",
            "Enforcement",
        ),
        (
            "tuphap.civil_status.registration.views",
            "tuphap.civil_status.extracts.views",
            "Civil status",
        ),
        (
            "tuphap.civil_status.extracts.services",
            "tuphap.civil_status.applications.models",
            "Civil status",
        ),
        # The circles the move removed.
        (
            "tuphap.enforcement.cases.balance",
            "tuphap.enforcement.cases.workflow",
            "No import circles",
        ),
        (
            "tuphap.legislation.documents.rules",
            "tuphap.legislation.documents.services",
            "No import circles",
        ),
    ],
)
def test_each_contract_breaks_when_the_import_it_forbids_comes_back(
    configuration: dict[str, Any],
    built: grimp.ImportGraph,
    importer: str,
    imported: str,
    contract: str,
) -> None:
    (target,) = [c for name, c in _contracts(configuration).items() if name.startswith(contract)]
    graph = copy.deepcopy(built)
    assert _kept(target, graph)
    graph.add_import(importer=importer, imported=imported)
    assert not _kept(target, graph)


@pytest.mark.django_db
def test_every_model_keeps_its_table_and_columns_in_the_migrated_database() -> None:
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        missing = []
        for model in apps.get_models():
            if not model.__module__.startswith("tuphap.") or ".tests." in model.__module__:
                continue  # another project's model, or a test's own (made by its fixture)
            table = model._meta.db_table
            if table not in tables:
                missing.append(table)
                continue
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
            missing += [
                f"{table}.{field.column}"
                for field in model._meta.concrete_fields
                if field.column not in columns
            ]
    assert missing == []
