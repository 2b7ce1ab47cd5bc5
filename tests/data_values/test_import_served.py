"""A large JSON import on a real server (`qcdc serve`): the server answers /health all along."""

import asyncio
import json
import os

import httpx

from tests.helpers import served

ROWS = 100_000


async def test_health_answers_while_a_large_json_import_is_in_flight(login):
    admin = await login("admin")  # the test database, demo loaded: the served app's too
    # One key again and again: a preview (dry run) reads, stages and compares every row, and the
    # last one wins; nothing is written for the other tests to see.
    row = {"indicator": "QCDC_DIRECT_DECISIONS", "org_unit": "07345", "period": "2019Q4"}
    raw = json.dumps({"values": [{**row, "value": n} for n in range(ROWS)]}).encode()
    sent = asyncio.Event()

    async def body():
        for start in range(0, len(raw), 1 << 20):
            yield raw[start:start + (1 << 20)]
        sent.set()

    with served(dict(os.environ)) as base:
        async with httpx.AsyncClient(base_url=base, timeout=600) as http:
            importing = asyncio.create_task(http.post(
                "/data-values/import", params={"dry_run": True}, content=body(),
                headers={**admin, "Content-Type": "application/json"}))
            health = []
            while not importing.done():
                answer = await http.get("/health")
                health.append((answer.status_code, sent.is_set(), importing.done()))
            response = await importing
    summary = response.json()
    assert response.status_code == 200, summary
    assert (summary["unchanged"] + summary["created"], summary["rejected"]) == (1, ROWS - 1)
    assert {status for status, _, _ in health} == {200}
    # Answered once the whole body was sent, before the import answered: while the server read,
    # staged and compared its rows.
    assert any(was_sent and not done for _, was_sent, done in health), health
