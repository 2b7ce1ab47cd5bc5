"""The API contract as committed in openapi/openapi.json: `python -m backend.openapi` prints it."""

import json
import sys
from typing import Any

from backend.main import create_app


def spec() -> dict[str, Any]:
    return create_app().openapi()


def render() -> str:
    return json.dumps(spec(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
