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

    @property
    def uses_default_secret(self) -> bool:
        return self.secret_key == DEFAULT_SECRET_KEY


@lru_cache
def get_settings() -> Settings:
    return Settings()
