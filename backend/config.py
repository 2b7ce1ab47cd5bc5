"""Settings read from the environment (prefix QCDC_), with the defaults of `make run`."""

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from backend.kit.proxies import parse_networks

DEFAULT_SECRET_KEY = "qcdc-development-secret-change-me"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QCDC_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'qcdc.db'}"
    # A streaming replica of database_url (PostgreSQL) for the reads that may be a second behind:
    # aggregates and the public pages. Unset, they read the primary.
    database_read_url: str | None = None
    # SQLite: how long a write waits for the ones before it (one at a time) before it gives up
    # with a 503 problem.
    sqlite_busy_timeout_seconds: float = 30.0
    secret_key: str = DEFAULT_SECRET_KEY
    access_token_minutes: int = 15
    refresh_token_days: int = 7
    max_body_bytes: int = 10 * 1024 * 1024
    import_max_bytes: int = 1024 * 1024 * 1024
    # The largest plan file (.docx, .pdf, .txt) POST /plans/import reads.
    plan_file_max_bytes: int = 20 * 1024 * 1024
    static_dir: Path = PROJECT_ROOT / "frontend" / "dist"
    # Signing in: this many wrong passwords in a row for one name from one client address lock that
    # name there (only there) for lockout_minutes; attempts a minute from one address, and at one
    # name from anywhere, beyond which the answer is 429.
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    sign_in_per_address_per_minute: int = 30
    sign_in_per_name_per_minute: int = 10
    # Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses or
    # networks, comma-separated. Every other peer is taken as the client, whatever it sends.
    trusted_proxies: str = "127.0.0.1,::1"
    # The longest an API token may live, in days, whatever it was created with.
    api_token_max_days: int = 365
    # At most 2^31 rows a page: a page number (at most 2^31 - 1) times it stays a 64-bit OFFSET.
    page_limit_max: int = Field(default=200, ge=1, le=2**31)
    data_dir: Path = PROJECT_ROOT / "var"
    evidence_max_bytes: int = 8 * 1024 * 1024
    # Signed copies of reports (ký số): the largest upload, and a PEM bundle of the root
    # certificates a signer's chain is checked against; unset, every signature shows as untrusted.
    signed_copy_max_bytes: int = 8 * 1024 * 1024
    signing_trust_roots: Path | None = None
    webhook_dispatch: bool = True
    webhook_interval_seconds: float = 2.0
    webhook_timeout_seconds: float = 10.0
    # Retries wait base, 2×base, 4×base … (at most the cap) until the attempts run out.
    webhook_backoff_seconds: float = 30.0
    webhook_backoff_max_seconds: float = 6 * 3600.0
    webhook_max_attempts: int = 12
    webhook_overdue_sweep_seconds: float = 300.0
    # An occurrence overdue for longer than this when first swept is history, not news.
    webhook_overdue_lookback_days: int = 30
    # Webhooks go to public addresses only, unless to these networks (comma-separated CIDRs or
    # addresses, e.g. a portal inside the province's own network: 10.20.30.40/32).
    webhook_allowed_networks: Annotated[list[IPv4Network | IPv6Network], NoDecode] = []
    # Notifications: the background sender (one process at a time, whatever the number of
    # servers: a database lock decides) notices reports and tasks falling due every
    # notify_sweep_seconds and sends the day's e-mail digests from digest_hour (Vietnam time).
    notify_dispatch: bool = True
    notify_interval_seconds: float = 30.0
    notify_sweep_seconds: float = 3600.0
    digest_hour: int = Field(default=16, ge=0, le=23)
    # What fell due longer ago than this when first swept is history, not news.
    notify_lookback_days: int = Field(default=30, ge=0)
    # A task's occurrence is announced this many working days before it falls due.
    task_remind_days_before: int = Field(default=3, ge=0)
    # E-mail: smtp://user:password@host:port (smtps:// for TLS from the start, smtp+starttls://
    # to upgrade); unset, nothing is mailed. Links in mails point at public_url.
    smtp_url: str | None = None
    mail_from: str = "QCDC <qcdc@localhost>"
    smtp_timeout_seconds: float = 30.0
    public_url: str = "http://localhost:8000"
    # Requests per minute of an API client (unless it has its own limit) and of an API token.
    rate_limit_per_minute: int = 600
    # Redis (redis://host:6379/0) to keep those limits in, shared by every server process; unset,
    # each process keeps its own.
    redis_url: str | None = None
    # Single sign-on: tokens of the provincial identity provider (OIDC), RS256, keys from its JWKS
    # (a URL, or a file for closed networks); the claim names an existing QCDC user.
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None
    oidc_jwks_file: Path | None = None
    oidc_username_claim: str = "preferred_username"
    oidc_jwks_cache_seconds: int = 600
    # Signing in to the web app through that provider (authorization code with PKCE): its endpoints,
    # QCDC's client there (the secret unset for a public client), and the name on the button.
    oidc_authorization_url: str | None = None
    oidc_token_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_login_label: str | None = None

    @field_validator("webhook_allowed_networks", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        return list(parse_networks(value)) if isinstance(value, str) else value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        parse_networks(value)  # a typo must stop the server, not silently trust no one
        return value

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_audience
                    and (self.oidc_jwks_url or self.oidc_jwks_file))

    @property
    def sso_login_enabled(self) -> bool:
        return bool(self.oidc_enabled and self.oidc_authorization_url and self.oidc_token_url
                    and self.oidc_client_id)

    @property
    def uses_default_secret(self) -> bool:
        return self.secret_key == DEFAULT_SECRET_KEY

    @model_validator(mode="after")
    def _own_secret_outside_development(self) -> "Settings":
        # Here, not in one command: every entry point (qcdc, uvicorn or gunicorn on backend.main,
        # a worker) reads the settings, and tokens signed with a published key are anyone's.
        if self.env != "development" and self.uses_default_secret:
            raise ValueError("set QCDC_SECRET_KEY: the default key is for development only")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
