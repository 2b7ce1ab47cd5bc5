"""Where `qcdc login` keeps the server and the API token between commands.

The file is `$QCDC_CONFIG_DIR/credentials.json` (default `~/.config/qcdc/`), readable by its owner
only. `QCDC_TOKEN` (with `QCDC_SERVER`) replaces it for one run, as CI jobs and cron scripts do.
"""

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from backend.client import ClientError

DEFAULT_SERVER = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Credentials:
    server: str
    token: str
    # Set only when `qcdc login` made the token from a password: `qcdc logout` revokes that one,
    # and merely forgets a token the user brought.
    token_id: int | None = None
    username: str | None = None


def default_server() -> str:
    return os.environ.get("QCDC_SERVER") or DEFAULT_SERVER


def credentials_file() -> Path:
    folder = os.environ.get("QCDC_CONFIG_DIR")
    if folder:
        return Path(folder) / "credentials.json"
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "qcdc" / "credentials.json"


def stored() -> Credentials | None:
    path = credentials_file()
    try:
        data = json.loads(path.read_text("utf-8"))
        return Credentials(**data)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as exc:
        raise ClientError(f"{path} is damaged ({exc}): run `qcdc login` again") from None


def store(credentials: Credentials) -> Path:
    path = credentials_file()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    draft = path.with_name(path.name + ".new")
    draft.unlink(missing_ok=True)
    # Created with mode 0600, never widened later: the token is readable by no one else, not even
    # for a moment; the rename makes the switch whole.
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(asdict(credentials), out, indent=2)
    os.replace(draft, path)
    return path


def forget() -> None:
    credentials_file().unlink(missing_ok=True)


def current() -> Credentials:
    """The server and token for a command. QCDC_TOKEN replaces the stored pair as a whole, so a
    stored token is never sent to a server named only in QCDC_SERVER."""
    token = os.environ.get("QCDC_TOKEN")
    if token:
        return Credentials(server=default_server(), token=token)
    saved = stored()
    if saved is None:
        raise ClientError("not signed in: run `qcdc login` (or set QCDC_TOKEN)")
    return saved
