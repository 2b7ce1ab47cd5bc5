import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response

from backend.auth.deps import PrincipalDep
from backend.config import get_settings
from backend.data_values import service
from backend.data_values.csvstream import Batch, csv_batches, fields_of
from backend.data_values.excel import service as excel
from backend.data_values.excel.layout import XLSX
from backend.data_values.excel.reader import FilledWorkbook, read_body
from backend.data_values.rows import NumberFormat
from backend.data_values.schemas import DataValueImport, ImportSummary
from backend.db import SessionDep
from backend.errors import Conflict, InvalidInput, field_error
from backend.kit.download import attachment
from backend.kit.idempotency import HashingStream, earlier_answer, remember

router = APIRouter(prefix="/data-values", tags=["data-values"])

def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema with its $defs written in place: the body is read by hand, not by FastAPI,
    so its models are not among the spec's components."""
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return dict(resolve(schema))


_BODY = {
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": _inline(DataValueImport.model_json_schema())},
        "text/csv": {"schema": {"type": "string", "description": (
            "Header line then rows: indicator,org_unit,period,category,value,numerator,"
            "denominator")}},
        XLSX: {"schema": {"type": "string", "format": "binary", "description": (
            "A workbook as GET /data-values/template gives it: every sheet with a row of those "
            "column keys in its first 10 rows; rows with no figure filled in are skipped")}},
    }},
}
_BINARY = {"schema": {"type": "string", "format": "binary"}}


class ImportRejected(Conflict):
    code = "import_rejected"
    # Nothing was written but the record of the answer, which a retry must find.
    keeps_changes = True

    def __init__(self, summary: dict[str, Any]) -> None:
        super().__init__("The import was atomic and some rows were refused: nothing was written.",
                         summary=summary)


async def _json_batches(body: HashingStream) -> AsyncIterator[Batch]:
    raw = b"".join([chunk async for chunk in body])
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("The request body is not valid JSON.", errors=[
            field_error(["body"], "invalid JSON")]) from None
    values = document.get("values") if isinstance(document, dict) else None
    if not isinstance(values, list):
        raise InvalidInput('Send {"values": [...]}.', errors=[
            field_error(["body", "values"], "a list of figures is required")])
    rows = [(i, fields_of(v if isinstance(v, dict) else {})) for i, v in enumerate(values)]
    for start in range(0, len(rows), 20_000):
        yield rows[start:start + 20_000]


@router.get("/template", operation_id="data-values:template", response_class=Response,
            responses={200: {"description": "the workbook", "content": {XLSX: _BINARY}}})
async def template(
    session: SessionDep, principal: PrincipalDep,
    form: Annotated[str, Query(max_length=64, description="reporting form code")],
    org_unit: Annotated[list[str], Query(min_length=1, max_length=excel.MAX_UNITS, description=(
        "units whose figures the caller writes, by code or id (repeat the parameter)"))],
    period: Annotated[str, Query(max_length=16, description="a period of the form's type: 2025Q1")],
) -> Response:
    """An Excel template for a form, units and period: a row per unit, indicator and category
    option with the figures already stored, checks on the input cells and a guide in Vietnamese.
    Fill it in and send it back to `POST /data-values/import`."""
    filename, content = await excel.template(session, principal, form, org_unit, period)
    return Response(content, media_type=XLSX,
                    headers={"Content-Disposition": attachment(filename)})


@router.post("/import", operation_id="data-values:import", response_model=ImportSummary,
             openapi_extra=_BODY, responses={409: {"description": "atomic import refused, or a "
                                                                  "reused Idempotency-Key"}})
async def import_values(
    request: Request, session: SessionDep, principal: PrincipalDep,
    dry_run: Annotated[bool, Query(description="check and count, change nothing")] = False,
    submit: Annotated[bool, Query(description="submit the reports the figures belong to")] = False,
    atomic: Annotated[bool, Query(description="reject everything on any conflict")] = False,
    number_format: Annotated[NumberFormat, Query(
        description="CSV numbers: `dot` (1294.5) or `vi` as Vietnamese writes them (1.294,5)")] = "dot",
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> Any:
    """Figures in bulk, as JSON `{"values": [...]}`, CSV (streamed: any size, flat memory) or an
    Excel workbook (conflicts then name their `sheet` and `cell`).

    Each row: indicator code, org unit code or id, period, category option, and value (or
    numerator and denominator for ratios; yes/no as true/false, 1/0 or có/không). Rows that cannot
    be taken are listed in `conflicts` with their index; approved figures are locked."""
    body = HashingStream(request.stream(), salt=f"{request.url.query}|"
                                                f"{request.headers.get('content-type', '')}")
    if idempotency_key:
        earlier = await earlier_answer(session, principal, idempotency_key, body)
        if earlier is not None:
            status_code, answer = earlier
            if status_code == ImportRejected.status:
                raise ImportRejected(answer)
            return JSONResponse(answer, headers={"Idempotent-Replayed": "true"})
    media_type = request.headers.get("content-type", "").split(";")[0].strip()
    workbook = (FilledWorkbook(await read_body(aiter(body), get_settings().max_body_bytes))
                if media_type == XLSX else None)
    batches = (workbook.batches() if workbook else
               csv_batches(aiter(body)) if media_type in ("text/csv", "application/csv", "text/plain")
               else _json_batches(body))
    options = service.Options(dry_run=dry_run, submit=submit, atomic=atomic,
                              number_format=number_format)
    summary = await service.import_values(session, principal, batches, options)
    if workbook:
        summary = workbook.located(summary)
    answer = summary.model_dump(mode="json")
    refused = atomic and summary.rejected > 0
    if idempotency_key:
        remember(session, principal, idempotency_key, body,
                 ImportRejected.status if refused else 200, answer)
    if refused:
        raise ImportRejected(answer)
    return summary
