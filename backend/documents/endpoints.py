from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from backend.auth.deps import PrincipalDep
from backend.db import SessionDep
from backend.documents import annex, docx, pdf, service
from backend.documents.schemas import (
    DocumentFormat,
    DocumentProfile,
    DocumentProfileUpdate,
    DocumentSettings,
    DocumentSettingsUpdate,
    RegisterEntry,
)
from backend.kit.download import attachment
from backend.kit.fields import Id

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MEDIA = {DocumentFormat.docx: DOCX, DocumentFormat.pdf: "application/pdf",
          DocumentFormat.xlsx: XLSX}
_BINARY = {"schema": {"type": "string", "format": "binary"}}

reports = APIRouter(prefix="/submissions", tags=["submissions"])
units = APIRouter(prefix="/org-units", tags=["org-units"])


@reports.get("/{submission_id}/document", operation_id="submissions:document",
             response_class=Response,
             responses={200: {"description": "the document",
                              "content": {media: _BINARY for media in _MEDIA.values()}},
                        503: {"description": "PDF asked and the converter is unavailable"}})
async def get_document(session: SessionDep, principal: PrincipalDep, submission_id: Id,
                       format: Annotated[DocumentFormat, Query(
                           description="docx: to edit and sign; pdf: to publish; xlsx: the "
                                       "figures as an annex")] = DocumentFormat.docx,
                       ) -> Response:
    """The report as the administrative document its unit signs (Decree 30/2020): header, number
    from the unit's register once approved ("DỰ THẢO" before), the form's outline with the unit's
    text, its figures and task progress, recipients and signature block."""
    report = await service.report(session, principal, submission_id)
    if format is DocumentFormat.xlsx:
        content = annex.render(report)
    else:
        content = docx.render(report)
        if format is DocumentFormat.pdf:
            content = await pdf.from_docx(content)
    return Response(content, media_type=_MEDIA[format],
                    headers={"Content-Disposition": attachment(f"{report.filename}.{format.value}")})


@reports.get("/{submission_id}/document-settings", operation_id="submissions:document-settings",
             response_model=DocumentSettings)
async def get_document_settings(session: SessionDep, principal: PrincipalDep,
                                submission_id: Id) -> DocumentSettings:
    return await service.get_settings(session, principal, submission_id)


@reports.put("/{submission_id}/document-settings",
             operation_id="submissions:update-document-settings", response_model=DocumentSettings)
async def update_document_settings(session: SessionDep, principal: PrincipalDep, submission_id: Id,
                                   data: DocumentSettingsUpdate) -> DocumentSettings:
    """Who signs the report and who receives it; while the report is a draft or returned."""
    return await service.update_settings(session, principal, submission_id, data)


@reports.put("/{submission_id}/publication", operation_id="submissions:publish",
             response_model=DocumentSettings)
async def publish_document(session: SessionDep, principal: PrincipalDep,
                           submission_id: Id) -> DocumentSettings:
    """Công khai: the approved report's PDF at `/public/reports/{id}.pdf`, listed at
    `/public/reports`, until withdrawn or the report is reopened. Audited."""
    return await service.publish(session, principal, submission_id)


@reports.delete("/{submission_id}/publication", operation_id="submissions:unpublish",
                response_model=DocumentSettings)
async def unpublish_document(session: SessionDep, principal: PrincipalDep,
                             submission_id: Id) -> DocumentSettings:
    """Withdraws the report's document from the public pages. Audited."""
    return await service.unpublish(session, principal, submission_id)


@units.get("/{unit_id}/document-profile", operation_id="org-units:document-profile",
           response_model=DocumentProfile)
async def get_document_profile(session: SessionDep, principal: PrincipalDep,
                               unit_id: Id) -> DocumentProfile:
    return await service.get_profile(session, principal, unit_id)


@units.put("/{unit_id}/document-profile", operation_id="org-units:update-document-profile",
           response_model=DocumentProfile)
async def update_document_profile(session: SessionDep, principal: PrincipalDep, unit_id: Id,
                                  data: DocumentProfileUpdate) -> DocumentProfile:
    """The abbreviation in the unit's document symbols (BC-UBND, BC-SNV), where it dates them and
    who usually signs; an empty value goes back to what the unit's kind implies."""
    return await service.update_profile(session, principal, unit_id, data)


@units.get("/{unit_id}/document-register", operation_id="org-units:document-register",
           response_model=list[RegisterEntry])
async def get_document_register(session: SessionDep, principal: PrincipalDep, unit_id: Id,
                                year: Annotated[int | None, Query(ge=1900, le=9999)] = None,
                                ) -> list[RegisterEntry]:
    """The numbers the unit has given its reports, newest first."""
    return await service.list_register(session, principal, unit_id, year)
