"""The committed API contract and the migrations agree with the code."""

from pathlib import Path

from alembic import command
from alembic.util.exc import CommandError

from backend.config import PROJECT_ROOT
from backend.openapi import render, spec
from tests.testdb import TEST_URL, alembic_config


def test_committed_openapi_matches_the_code():
    committed = Path(PROJECT_ROOT / "openapi" / "openapi.json").read_text("utf-8")
    assert committed == render(), "openapi/openapi.json is stale: run `qcdc openapi export`"


def test_operation_ids_are_stable_tag_colon_name():
    for path, operations in spec()["paths"].items():
        for method, operation in operations.items():
            tag, _, name = operation["operationId"].partition(":")
            assert (tag and name and tag in path.replace("_", "-")) or tag in ("auth", "health"), (
                method, path, operation["operationId"])


def test_models_and_migrations_agree(database):
    try:
        command.check(alembic_config(TEST_URL))
    except CommandError as exc:  # pragma: no cover - the message is the diagnosis
        raise AssertionError(f"models differ from migrations: {exc}") from exc
