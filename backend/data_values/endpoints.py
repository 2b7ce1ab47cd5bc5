from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response

from backend.auth.deps import PrincipalDep
from backend.data_values import service
from backend.data_values.excel import service as excel
from backend.data_values.excel.layout import XLSX
from backend.data_values.rows import NumberFormat
from backend.data_values.schemas import DataValueImport, ImportSummary
from backend.db import SessionDep
from backend.kit.bodies import inline_schema
from backend.kit.download import attachment
from backend.kit.idempotency import HashingStream

router = APIRouter(prefix="/data-values", tags=["data-values"])

_BODY = {
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": inline_schema(DataValueImport.model_json_schema())},
        "text/csv": {"schema": {"type": "string", "description": (
            "Header line then rows: indicator,org_unit,period,category,value,numerator,"
            "denominator")}},
        XLSX: {"schema": {"type": "string", "format": "binary", "description": (
            "A workbook as GET /data-values/template gives it: every sheet with a row of those "
            "column keys in its first 10 rows; rows with no figure filled in are skipped")}},
    }},
}
_BINARY = {"schema": {"type": "string", "format": "binary"}}




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
    """Figures in bulk, as JSON `{"values": [...]}` or CSV (both streamed: any size, flat memory),
    or an Excel workbook (conflicts then name their `sheet` and `cell`).

    Each row: indicator code, org unit code or id, period, category option, and value (or
    numerator and denominator for ratios; yes/no as true/false, 1/0 or có/không). Rows that cannot
    be taken are listed in `conflicts` with their index; approved figures are locked."""
    body = HashingStream(request.stream(), salt=f"{request.url.query}|"
                                                f"{request.headers.get('content-type', '')}")
    media_type = request.headers.get("content-type", "").split(";")[0].strip()
    options = service.Options(dry_run=dry_run, submit=submit, atomic=atomic,
                              number_format=number_format)
    answer, replayed = await service.import_body(session, principal, body, media_type, options,
                                                 idempotency_key)
    if replayed:
        return JSONResponse(answer, headers={"Idempotent-Replayed": "true"})
    return answer
