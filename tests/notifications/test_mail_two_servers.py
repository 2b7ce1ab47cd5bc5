"""Reminders end to end: two real server processes on one database, each running the background
sender, and a local SMTP server. The sweep notices a late report, the digest mails it with the
day's other news: one mail per user and day, whichever process sent it; none to a user who
turned e-mail off."""

import asyncio
import os
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.helpers import served
from tests.notifications import people
from tests.notifications.people import SUBMISSIONS


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[attr-defined]
        self.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[attr-defined]
        self.arrived.set()
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for recipients, message in self.messages if address in recipients]


@pytest.fixture
def mailbox():
    box = Mailbox()
    with socket.socket() as probe:  # the controller checks it is up by connecting to its port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, controller.port
    controller.stop()


def _servers_env(smtp_port: int) -> dict[str, str]:
    return {**os.environ, "QCDC_NOTIFY_DISPATCH": "true", "QCDC_NOTIFY_INTERVAL_SECONDS": "0.2",
            "QCDC_DIGEST_HOUR": "0", "QCDC_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
            "QCDC_MAIL_FROM": "QCDC Bắc Giang <qcdc@bacgiang.gov.vn>",
            "QCDC_PUBLIC_URL": "https://qcdc.bacgiang.gov.vn"}


@pytest.mark.own_database
async def test_two_servers_mail_each_digest_once(client, login, unit_ids, mailbox):
    box, port = mailbox
    address, quiet_address = f"baocao-{people.RUN}@xa.gov.vn", f"im-lang-{people.RUN}@xa.gov.vn"
    unit, username = await people.commune(client, login, unit_ids["216"], email=address)
    quiet = await people.user(client, login, unit["id"], "reporter", email=quiet_address)
    quiet_headers = await login(quiet, people.PASSWORD)
    off = await client.patch("/api/v1/auth/me", headers=quiet_headers,
                             json={"email_notifications": False})
    assert off.status_code == 200, off.text
    form = await people.monthly_form(client, login, unit_ids["216"],
                                     name=f"Báo cáo tháng thư điện tử {people.RUN}")
    report = await people.submitted(client, await login(username, people.PASSWORD), form["id"],
                                    unit["id"], "202610")
    approved = await client.post(f"{SUBMISSIONS}/{report['id']}/approve",
                                 headers=await login("tanyen.reviewer"))
    assert approved.status_code == 200, approved.text

    env = _servers_env(port)
    with served(env) as first, served(env) as second:
        assert first != second
        # Other tests' users may get a digest first: wait for this one's.
        while not box.to(address) and await asyncio.to_thread(box.arrived.wait, 120):
            box.arrived.clear()
        await asyncio.sleep(3)  # some fifteen more rounds of both senders

    mails = box.to(address)
    assert len(mails) == 1
    mail = mails[0]
    assert mail["From"] == "QCDC Bắc Giang <qcdc@bacgiang.gov.vn>"
    assert mail["Subject"].startswith("QCDC: ") and "thông báo mới ngày" in mail["Subject"]
    body = mail.get_content()
    assert f"Báo cáo «{form['name']}» Tháng 10/2026 của {unit['name']} đã được phê duyệt." in body
    assert f"https://qcdc.bacgiang.gov.vn/reports/{report['id']}" in body
    # The servers' own sweep found November's report late (deadline 20/11/2026), and mailed it.
    assert (f"Báo cáo «{form['name']}» Tháng 11/2026 của {unit['name']} đã quá hạn nộp "
            f"(20/11/2026) mà chưa được gửi.") in body
    assert box.to(quiet_address) == []
    # The same news stays in the bell of the user who turned mail off.
    assert any("Tháng 11/2026" in n["text"]
               for n in (await people.inbox(client, quiet_headers))["items"])
