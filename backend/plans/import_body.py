"""The body of POST /plans/import: the JSON of PlanImport, or a plan file with the same fields as
multipart/form-data. A file's text then takes the pasted text's path, unchanged."""

import json
from typing import Any

from anyio import to_thread
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from backend.kit.bodies import inline_schema
from backend.plans.documents import read_plan_file
from backend.plans.schemas import PlanImport

MULTIPART = "multipart/form-data"
_FORM_FIELDS = ("issuer_id", "dry_run", "parent_plan_id", "span_start", "span_end")


def _file_form_schema() -> dict[str, Any]:
    schema = inline_schema(PlanImport.model_json_schema())
    properties = schema["properties"]
    del properties["text"]
    properties["file"] = {"type": "string", "format": "binary", "description": (
        "the plan as a Word (.docx), PDF (with a text layer) or UTF-8 text (.txt) file, at most "
        "QCDC_PLAN_FILE_MAX_BYTES (20 MB)")}
    properties["mapping"] = {"type": "string", "description": (
        "JSON object: unmatched body name → org unit id")}
    schema["required"] = ["file", "issuer_id"]
    schema["title"] = "PlanFileImport"
    return schema


OPENAPI_BODY = {
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": inline_schema(PlanImport.model_json_schema())},
        MULTIPART: {"schema": _file_form_schema()},
    }},
}


async def read_import(request: Request) -> tuple[PlanImport, bool]:
    """The import asked for, and whether its text came from a file."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != MULTIPART:
        return _validated(await request.body()), False
    form = await request.form(max_files=1, max_fields=len(_FORM_FIELDS) + 1)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise RequestValidationError([{"loc": ("body", "file"), "msg": "a plan file is required",
                                       "type": "missing"}])
    data = await upload.read()
    text = await to_thread.run_sync(read_plan_file, data, upload.filename or "")
    fields: dict[str, Any] = {key: value for key in _FORM_FIELDS
                              if isinstance(value := form.get(key), str) and value != ""}
    mapping = form.get("mapping")
    if isinstance(mapping, str) and mapping.strip():
        try:
            fields["mapping"] = json.loads(mapping)
        except json.JSONDecodeError:
            raise RequestValidationError([{"loc": ("body", "mapping"), "type": "json_object",
                                           "msg": "a JSON object: name → unit id"}]) from None
    return _validated({**fields, "text": text}), True


def _validated(body: bytes | dict[str, Any]) -> PlanImport:
    from_file = isinstance(body, dict)
    try:
        if isinstance(body, dict):
            return PlanImport.model_validate(body)
        return PlanImport.model_validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError([
            {**error, "loc": ("body", *_place(error["loc"], from_file))}
            for error in exc.errors(include_url=False, include_context=False)]) from None


def _place(loc: tuple[int | str, ...], from_file: bool) -> tuple[int | str, ...]:
    """A file's text is the file: its faults are named there."""
    return ("file", *loc[1:]) if from_file and loc[:1] == ("text",) else loc
