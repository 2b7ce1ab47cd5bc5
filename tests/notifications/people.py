"""The units, people and reports the notification tests act on: each test its own commune."""

import itertools
import uuid

from tests import factories

FORMS = "/api/v1/reporting-forms"
SUBMISSIONS = "/api/v1/submissions"
NOTIFICATIONS = "/api/v1/notifications"
PASSWORD = "mat-khau-thong-bao-1"
_serial = itertools.count()
RUN = uuid.uuid4().hex[:6].upper()


async def user(client, login, unit_id: int, role: str, *, email: str | None = None) -> str:
    username = f"notify.{role}-{next(_serial)}-{RUN.lower()}"
    created = await client.post("/api/v1/users", headers=await login("admin"), json={
        "username": username, "full_name": f"Người nhận {username}", "unit_id": unit_id,
        "roles": [role], "password": PASSWORD, "email": email})
    assert created.status_code == 201, created.text
    return username


async def commune(client, login, parent_id: int, *, email: str | None = None) -> tuple[dict, str]:
    """A fresh commune and its reporter's username."""
    unit = await factories.commune(client, login, parent_id, prefix="NOTIFY")
    return unit, await user(client, login, unit["id"], "reporter", email=email)


async def monthly_form(client, login, owner_id: int, **overrides: object) -> dict:
    created = await client.post(FORMS, headers=await login("admin"), json={
        "code": f"TEST_NOTIFY_FORM_{RUN}_{next(_serial)}",
        "name": "Báo cáo tháng về hòa giải", "period_type": "month", "owner_unit_id": owner_id,
        "indicators": [{"indicator": "QCDC_MEDIATION_RECEIVED", "required": True}],
        "reporters": {"grassroots_types": ["commune"]},
        "deadline_working_days": {"commune": 5}, **overrides})
    assert created.status_code == 201, created.text
    return created.json()


async def submitted(client, reporter: dict, form_id: int, unit_id: int, period: str) -> dict:
    created = await client.post(SUBMISSIONS, headers=reporter, json={
        "form_id": form_id, "unit_id": unit_id, "period": period,
        "data_values": [{"indicator": "QCDC_MEDIATION_RECEIVED", "value": 4}]})
    assert created.status_code == 201, created.text
    sent = await client.post(f"{SUBMISSIONS}/{created.json()['id']}/submit", headers=reporter)
    assert sent.status_code == 200, sent.text
    return sent.json()


async def inbox(client, headers, **params) -> dict:
    listed = await client.get(NOTIFICATIONS, headers=headers, params=params)
    assert listed.status_code == 200, listed.text
    return listed.json()
