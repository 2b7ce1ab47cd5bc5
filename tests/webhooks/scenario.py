"""Shared by the webhook and public-data tests: a real local HTTP receiver, the verification recipe
of the README, and the data they act on (plans issued, reports through their workflow)."""

import hashlib
import hmac
import itertools
import json
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from backend.db import get_sessionmaker
from backend.kit import netguard
from backend.webhooks.dispatch import deliver_due, http_client
from backend.webhooks.overdue import sweep_overdue
from tests import factories

PASSWORD = "mat-khau-thu-nghiem-2024"
SLOW = "slow"  # an answer that comes after the sender's timeout
_serial = itertools.count()


def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
    """The receiver's check, as README.md gives it."""
    fields = dict(part.split("=", 1) for part in header.split(","))
    signed = f"{fields['t']}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    fresh = abs(time.time() - int(fields["t"])) <= tolerance
    return fresh and hmac.compare_digest(expected, fields["v1"])


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: bytes
    answer: int | str

    @property
    def event(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """A portal on a free local port. Each path answers from its script (statuses, or SLOW: sleep
    past the sender's timeout), then 200, with the path's Location and body if it has them; every
    request is kept. With `tls`, it answers over TLS with that context's certificate."""

    def __init__(self, slow_seconds: float = 2.0, tls: ssl.SSLContext | None = None) -> None:
        self.calls: list[Call] = []
        self.scripts: dict[str, list[int | str]] = {}
        self.locations: dict[str, str] = {}
        self.bodies: dict[str, bytes] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                script = receiver.scripts.get(self.path, [])
                answer = script.pop(0) if script else 200
                receiver.calls.append(Call(self.path, dict(self.headers), body, answer))
                if answer == SLOW:
                    time.sleep(slow_seconds)
                    answer = 200
                try:
                    self.send_response(int(answer))
                    if self.path in receiver.locations:
                        self.send_header("Location", receiver.locations[self.path])
                    body = receiver.bodies.get(self.path, b"")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the sender gave up waiting and closed the connection
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def to(self, path: str) -> list[Call]:
        return [call for call in self.calls if call.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


async def send_outbox() -> int:
    async with get_sessionmaker()() as session, session.begin(), http_client() as http:
        return await deliver_due(session, http, netguard.system_resolver)


async def sweep() -> int:
    async with get_sessionmaker()() as session, session.begin():
        return await sweep_overdue(session)


async def subscribe(client, headers, url: str, events: list[str], unit_id: int | None,
                    **extra) -> dict:
    created = await client.post("/api/v1/webhooks", headers=headers, json={
        "name": f"Cổng LGSP {next(_serial)}", "url": url, "events": events, "unit_id": unit_id,
        **extra})
    assert created.status_code == 201, created.text
    return created.json()


async def deliveries(client, headers, hook_id: int, **params) -> list[dict]:
    response = await client.get(f"/api/v1/webhooks/{hook_id}/deliveries", headers=headers,
                                params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def plan_text(title: str) -> str:
    return f"""KẾ HOẠCH
{title}

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

a) Bảo đảm quyền làm chủ của Nhân dân.

II. TỔ CHỨC THỰC HIỆN

1. Phòng Nội vụ

a) Hằng quý, tổng hợp tình hình thực hiện dân chủ ở cơ sở.

b) Tổ chức tập huấn cho cán bộ, công chức.

2. Phòng Tư pháp

Xây dựng tài liệu tuyên truyền Luật Thực hiện dân chủ ở cơ sở.
"""


async def import_plan(client, planner: dict, issuer_id: int, title: str, span: tuple[date, date],
                      *, issue: bool) -> int:
    """A plan saved from text; issued (with a number) when asked, else left a draft."""
    saved = await client.post("/api/v1/plans/import", headers=planner, json={
        "text": plan_text(title), "issuer_id": issuer_id, "dry_run": False,
        "span_start": span[0].isoformat(), "span_end": span[1].isoformat()})
    assert saved.status_code == 200, saved.text
    plan_id = saved.json()["plan_id"]
    if issue:
        numbered = await client.patch(f"/api/v1/plans/{plan_id}", headers=planner,
                                      json={"number": str(100 + next(_serial)),
                                            "issue_date": span[0].isoformat()})
        assert numbered.status_code == 200, numbered.text
        issued = await client.post(f"/api/v1/plans/{plan_id}/issue", headers=planner)
        assert issued.status_code == 200, issued.text
    return plan_id


async def new_commune(client, login, parent_id: int, prefix: str) -> dict:
    return await factories.commune(client, login, parent_id, prefix=prefix,
                                   name=f"Xã Thử Nghiệm {prefix}")


COMMUNE_FIGURES = [{"indicator": "QCDC_DISCLOSURE_DONE", "value": True},
                   {"indicator": "QCDC_LEADER_DIALOGUES", "value": 2},
                   {"indicator": "QCDC_LEADER_DIALOGUE_PARTICIPANTS", "value": 8},
                   {"indicator": "QCDC_FRONT_SUPERVISIONS", "value": 3},
                   {"indicator": "QCDC_FRONT_SURVEYS", "value": 7},
                   {"indicator": "QCDC_VILLAGES_WITH_CONVENTION", "numerator": 13, "denominator": 13},
                   {"indicator": "QCDC_INSPECTIONS", "value": 1},
                   {"indicator": "QCDC_UNITS_INSPECTED", "value": 2}]


async def annual_report(client, login, unit_id: int, period: str, figures: list[dict]) -> int:
    """A commune's annual report, created and submitted as the country admin."""
    admin = await login("admin")
    forms = (await client.get("/api/v1/reporting-forms", headers=admin,
                              params={"q": "QCDC_COMMUNE_ANNUAL"})).json()["items"]
    form_id = next(f["id"] for f in forms if f["code"] == "QCDC_COMMUNE_ANNUAL")
    created = await client.post("/api/v1/submissions", headers=admin, json={
        "form_id": form_id, "unit_id": unit_id, "period": period, "data_values": figures,
        "narrative": {}})
    assert created.status_code == 201, created.text
    submission_id = created.json()["id"]
    await act(client, admin, submission_id, "submit")
    return submission_id


async def act(client, headers, submission_id: int, action: str, **body) -> dict:
    response = await client.post(f"/api/v1/submissions/{submission_id}/{action}", headers=headers,
                                 json=body)
    assert response.status_code == 200, response.text
    return response.json()
