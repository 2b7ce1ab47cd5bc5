from typing import Annotated

from fastapi import APIRouter, Query, UploadFile
from fastapi.responses import Response

from backend.auth.deps import PrincipalDep
from backend.db import SessionDep
from backend.documents import annex, docx, output, service
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
from backend.kit.pagination import Page, PageDep

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MEDIA = {DocumentFormat.docx: DOCX, DocumentFormat.pdf: "application/pdf",
          DocumentFormat.xlsx: XLSX}
_BINARY = {"schema": {"type": "string", "format": "binary"}}

submissions = APIRouter(prefix="/submissions", tags=["submissions"])
units = APIRouter(prefix="/org-units", tags=["org-units"])


@submissions.get("/{submission_id}/document", operation_id="submissions:document",
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
    if format is DocumentFormat.pdf:
        content, filename = await output.pdf_document(session, principal, submission_id)
        return Response(content, media_type=_MEDIA[format],
                        headers={"Content-Disposition": attachment(filename)})
    report = await service.report(session, principal, submission_id)
    content = annex.render(report) if format is DocumentFormat.xlsx else docx.render(report)
    return Response(content, media_type=_MEDIA[format],
                    headers={"Content-Disposition": attachment(f"{report.filename}.{format.value}")})


_REFUSED = ("a refused file is not kept; `pdf_unreadable`: not a PDF that can be read; "
            "`pdf_not_signed`: no digital signature; `signature_broken`: a signature does not match "
            "the bytes; `signature_not_covering`: content was added or changed after a signature "
            "(beyond further signatures and validation data); `signed_copy_mismatch`: it signs "
            "another document (number, date, issuing body or title differ, named in `missing`); "
            "`signed_copy_outdated`: signed before the report's last approval; "
            "`file_type_refused`: not a PDF at all, or empty")


@submissions.put("/{submission_id}/document/signed-copy", operation_id="submissions:upload-signed-copy",
             response_model=DocumentSettings,
             responses={409: {"description": "`submission_not_approved`: only an approved report is "
                                             "signed"},
                        413: {"description": "`file_too_large`: over QCDC_SIGNED_COPY_MAX_BYTES"},
                        422: {"description": _REFUSED}})
async def upload_signed_copy(session: SessionDep, principal: PrincipalDep, submission_id: Id,
                             file: UploadFile) -> DocumentSettings:
    """The PDF of the approved report as its officials signed it (ký số), from the unit's reporters
    or a reviewer or administrator of the unit or above. Verified with pyHanko: every signature
    intact and covering the document, and the document this report's (its number, date, issuing
    body and title). The signer, certificate and signing time are recorded, with whether the
    certificate chains to the server's trust roots; an intact signature from an unknown
    certificate is kept and shown as untrusted. From then on `?format=pdf` and publication serve
    it. Replaces any copy before; reopening the report drops it. Audited."""
    return await service.upload_signed_copy(session, principal, submission_id, file)


@submissions.get("/{submission_id}/document/signed-copy", operation_id="submissions:signed-copy",
             response_class=Response,
             responses={200: {"description": "the signed PDF as uploaded",
                              "content": {"application/pdf": _BINARY}},
                        404: {"description": "no such report, or no signed copy"}})
async def get_signed_copy(session: SessionDep, principal: PrincipalDep,
                          submission_id: Id) -> Response:
    content, filename = await service.signed_copy_file(session, principal, submission_id)
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": attachment(filename)})


@submissions.delete("/{submission_id}/document/signed-copy",
                operation_id="submissions:remove-signed-copy", response_model=DocumentSettings)
async def remove_signed_copy(session: SessionDep, principal: PrincipalDep,
                             submission_id: Id) -> DocumentSettings:
    """Takes back a wrong upload: by a reviewer or administrator of the unit or above. The PDF goes
    back to the rendered one. Audited."""
    return await service.remove_signed_copy(session, principal, submission_id)


@submissions.get("/{submission_id}/document-settings", operation_id="submissions:document-settings",
             response_model=DocumentSettings)
async def get_document_settings(session: SessionDep, principal: PrincipalDep,
                                submission_id: Id) -> DocumentSettings:
    return await service.get_settings(session, principal, submission_id)


@submissions.put("/{submission_id}/document-settings",
             operation_id="submissions:update-document-settings", response_model=DocumentSettings)
async def update_document_settings(session: SessionDep, principal: PrincipalDep, submission_id: Id,
                                   data: DocumentSettingsUpdate) -> DocumentSettings:
    """Who signs the report and who receives it; while the report is a draft or returned."""
    return await service.update_settings(session, principal, submission_id, data)


@submissions.put("/{submission_id}/publication", operation_id="submissions:publish",
             response_model=DocumentSettings)
async def publish_document(session: SessionDep, principal: PrincipalDep,
                           submission_id: Id) -> DocumentSettings:
    """Công khai: the approved report's PDF at `/public/submissions/{id}.pdf`, listed at
    `/public/submissions`, until withdrawn or the report is reopened. Audited."""
    return await service.publish(session, principal, submission_id)


@submissions.delete("/{submission_id}/publication", operation_id="submissions:unpublish",
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
           response_model=Page[RegisterEntry])
async def get_document_register(session: SessionDep, principal: PrincipalDep, unit_id: Id,
                                page: PageDep,
                                year: Annotated[int | None, Query(ge=1900, le=9999)] = None,
                                ) -> Page[RegisterEntry]:
    """The numbers the unit has given its reports, newest first, with whether each document is
    signed, published, or withdrawn (its report reopened)."""
    return await service.list_register(session, principal, unit_id, year, page)
