"""E-mail through SMTP (QCDC_SMTP_URL): the standard library's client, run in a thread so the
server's loop never waits on a mail server."""

import smtplib
import ssl
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr
from urllib.parse import unquote, urlsplit

from backend.notifications import kinds
from backend.notifications.schemas import Notification

_PORTS = {"smtp": 25, "smtps": 465, "smtp+starttls": 587}


@dataclass(frozen=True)
class Smtp:
    scheme: str
    host: str
    port: int
    username: str | None
    password: str | None


def parse(url: str) -> Smtp:
    """smtp://user:password@host:port; smtps:// speaks TLS from the start, smtp+starttls://
    upgrades. A wrong URL stops the sender loudly rather than dropping mail."""
    parts = urlsplit(url)
    if parts.scheme not in _PORTS or not parts.hostname:
        raise ValueError("QCDC_SMTP_URL must be smtp://, smtps:// or smtp+starttls://user:pass@host:port")
    return Smtp(parts.scheme, parts.hostname, parts.port or _PORTS[parts.scheme],
                unquote(parts.username) if parts.username else None,
                unquote(parts.password) if parts.password else None)


def send(smtp: Smtp, message: EmailMessage, timeout: float) -> None:
    context = ssl.create_default_context()
    client = (smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=context)
              if smtp.scheme == "smtps" else smtplib.SMTP(smtp.host, smtp.port, timeout=timeout))
    with client:
        if smtp.scheme == "smtp+starttls":
            client.starttls(context=context)
        if smtp.username is not None:
            client.login(smtp.username, smtp.password or "")
        client.send_message(message)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    full_name: str
    email: str


def digest(recipient: Recipient, items: list[Notification], day: date, sender: str,
           public_url: str) -> EmailMessage:
    """The day's digest, in Vietnamese, each notification with the link to open it."""
    base = public_url.rstrip("/")
    lines = [f"Kính gửi {recipient.full_name},", "",
             f"Hệ thống QCDC có {len(items)} thông báo mới cho anh/chị:", ""]
    for item in items:
        lines.append(f"- {item.text}")
        if item.link:
            lines.append(f"  {base}{item.link}")
    lines += ["", f"Xem tất cả thông báo: {base}/",
              "Để không nhận thư này nữa, tắt mục «Nhận thông báo qua thư điện tử» trong trang "
              "tài khoản.", "", "Hệ thống QCDC (thư gửi tự động, xin đừng trả lời)."]
    message = EmailMessage()
    message["Subject"] = f"QCDC: {len(items)} thông báo mới ngày {kinds.day(day)}"
    message["From"] = sender
    message["To"] = formataddr((recipient.full_name, recipient.email))
    message.set_content("\n".join(lines))
    return message
