"""Settings read from the environment (prefix QCDC_), with the defaults of `make run`."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "qcdc-development-secret-change-me"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QCDC_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'qcdc.db'}"
    # SQLite: how long a write waits for the ones before it (one at a time) before it gives up
    # with a 503 problem.
    sqlite_busy_timeout_seconds: float = 30.0
    secret_key: str = DEFAULT_SECRET_KEY
    access_token_minutes: int = 15
    refresh_token_days: int = 7
    max_body_bytes: int = 10 * 1024 * 1024
    import_max_bytes: int = 1024 * 1024 * 1024
    static_dir: Path = PROJECT_ROOT / "frontend" / "dist"
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    page_limit_max: int = 200
    data_dir: Path = PROJECT_ROOT / "var"
    evidence_max_bytes: int = 8 * 1024 * 1024
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


@lru_cache
def get_settings() -> Settings:
    return Settings()
