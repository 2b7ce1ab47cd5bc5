"""The committed API contract and the migrations agree with the code."""

import re
from pathlib import Path

from alembic import command
from alembic.util.exc import CommandError

from backend import problem_messages
from backend.config import PROJECT_ROOT
from backend.openapi import render, spec
from backend.periods import labels
from backend.problems import declared
from tests.isolation import app_database_url
from tests.testdb import alembic_config

KEBAB = r"[a-z]+(-[a-z]+)*"


def test_committed_openapi_matches_the_code():
    committed = Path(PROJECT_ROOT / "openapi" / "openapi.json").read_text("utf-8")
    assert committed == render(), "openapi/openapi.json is stale: run `qcdc openapi export`"


def test_committed_period_labels_match_the_code():
    committed = Path(PROJECT_ROOT / "openapi" / "period-labels.json").read_text("utf-8")
    assert committed == labels.render(), "openapi/period-labels.json is stale: run `qcdc openapi export`"


def test_committed_problem_messages_match_the_code():
    committed = Path(PROJECT_ROOT / "openapi" / "problem-messages.json").read_text("utf-8")
    assert committed == problem_messages.render(), \
        "openapi/problem-messages.json is stale: run `qcdc openapi export`"


def test_every_problem_code_of_the_contract_has_its_messages():
    codes = set(spec()["components"]["schemas"]["ProblemCode"]["enum"])
    assert set(problem_messages.MESSAGES) == codes
    assert all(said.vi and said.en for said in problem_messages.MESSAGES.values())


def test_operation_ids_are_stable_tag_colon_name():
    for path, operations in spec()["paths"].items():
        for method, operation in operations.items():
            tag, _, name = operation["operationId"].partition(":")
            assert re.fullmatch(KEBAB, tag) and re.fullmatch(KEBAB, name), operation["operationId"]
            assert (tag and name and tag in path.replace("_", "-")) or tag in ("auth", "health"), (
                method, path, operation["operationId"])


def test_models_and_migrations_agree(database):
    try:
        command.check(alembic_config(app_database_url()))
    except CommandError as exc:  # pragma: no cover - the message is the diagnosis
        raise AssertionError(f"models differ from migrations: {exc}") from exc


def test_every_error_response_is_a_problem_document_with_its_codes():
    document = spec()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    codes = set(document["components"]["schemas"]["ProblemCode"]["enum"])
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            errors = {status: response for status, response in operation["responses"].items()
                      if int(status) >= 400}
            takes_input = operation.get("parameters") or operation.get("requestBody")
            assert "503" in errors and ("422" in errors or not takes_input), (method, path)
            for status in errors:
                listed = declared(document, path, method)[int(status)]
                assert listed and listed <= codes, (method, path, status)


async def test_the_suite_checks_each_problem_it_receives_against_the_contract(app, client, login):
    headers = await login("songvan.reporter")
    answer = await client.get("/api/v1/plans/999999999", headers=headers)
    assert answer.status_code == 404
    assert ("/api/v1/plans/{plan_id}", "get", 404, answer.json()["code"]) in app.seen
    assert app.undeclared() == []
    app.seen.add(("/api/v1/plans/{plan_id}", "get", 404, "plan_not_editable"))
    try:
        assert app.undeclared() == ["GET /api/v1/plans/{plan_id} 404 plan_not_editable"]
    finally:
        app.seen.discard(("/api/v1/plans/{plan_id}", "get", 404, "plan_not_editable"))
