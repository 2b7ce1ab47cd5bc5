"""How every public answer is sent: JSON or CSV, with a strong ETag and a shared-cache lifetime.

The portal and the press poll these pages; `If-None-Match` answers 304 with no body when nothing
changed, and proxies may keep an answer for five minutes. CSV is UTF-8 with a BOM so that Excel
reads Vietnamese correctly; nested objects become dotted columns (`org_unit.code`), lists one cell,
and a text that a spreadsheet would run as a formula is quoted (kit.spreadsheet).
"""

import csv
import hashlib
import io
import json
import types
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from fastapi import Depends, Header, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel

from backend.kit.spreadsheet import as_text_cell

CACHE_CONTROL = "public, max-age=300"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"

RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}},
          "description": "JSON, or CSV (UTF-8 with BOM) with `format=csv` or `Accept: text/csv`",
          "headers": {"ETag": {"schema": {"type": "string"},
                               "description": "strong validator of this representation"},
                      "Cache-Control": {"schema": {"type": "string"},
                                        "description": CACHE_CONTROL}}},
    304: {"description": "Not modified: the ETag in `If-None-Match` is still current"},
}


@dataclass(frozen=True)
class Representation:
    csv: bool
    if_none_match: str | None

    def respond(self, content: BaseModel | Sequence[BaseModel], rows: Sequence[BaseModel],
                row_type: type[BaseModel], name: str) -> Response:
        """`content` as JSON, or `rows` (of `row_type`, whose fields make the header) as CSV."""
        if self.csv:
            body, media_type = _csv(rows, row_type), CSV_MEDIA_TYPE
        else:
            body, media_type = _json(content), "application/json"
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept"}
        if _matches(self.if_none_match, etag):
            return Response(status_code=304, headers=headers)
        if self.csv:
            headers["Content-Disposition"] = f'inline; filename="qcdc-{name}.csv"'
        return Response(body, media_type=media_type, headers=headers)


def _prefers_csv(accept: str) -> bool:
    quality: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        q = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            quality[media.lower()] = float(q)
        except ValueError:
            continue
    return quality.get("text/csv", 0) > quality.get("application/json", 0)


def representation(
    format_: Annotated[Literal["json", "csv"] | None,
                       Query(alias="format", description="csv, or json (the default); "
                             "`Accept: text/csv` asks for CSV too")] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
    if_none_match: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Representation:
    wants_csv = format_ == "csv" if format_ is not None else _prefers_csv(accept or "")
    return Representation(csv=wants_csv, if_none_match=if_none_match)


RepresentationDep = Annotated[Representation, Depends(representation)]


def _matches(if_none_match: str | None, etag: str) -> bool:
    """If-None-Match compares weakly (RFC 9110 §13.1.2): `W/"x"` matches `"x"`."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or etag in tags


def _json(content: BaseModel | Sequence[BaseModel]) -> bytes:
    return json.dumps(jsonable_encoder(content), ensure_ascii=False,
                      separators=(",", ":")).encode()


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (itself or optional), not one inside a list."""
    if get_origin(annotation) in (Union, types.UnionType):
        return next((m for m in map(_model_in, get_args(annotation)) if m is not None), None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _columns(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, field in model.model_fields.items():
        nested = _model_in(field.annotation)
        if nested is None:
            yield (*prefix, name)
        else:
            yield from _columns(nested, (*prefix, name))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return json.dumps(jsonable_encoder(value), ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, str):
        return as_text_cell(value)
    return str(value)


def _value(row: BaseModel, path: tuple[str, ...]) -> Any:
    value: Any = row
    for name in path:
        value = getattr(value, name, None) if value is not None else None
    return value


def _csv(rows: Sequence[BaseModel], row_type: type[BaseModel]) -> bytes:
    columns = list(_columns(row_type))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(".".join(path) for path in columns)
    for row in rows:
        writer.writerow(_cell(_value(row, path)) for path in columns)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
