"""The PDF of a report as it is served: its signed copy once uploaded, else rendered from the docx."""

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.documents import docx, pdf, repository, service, signed
from backend.errors import NotFound
from backend.submissions import service as submissions


async def pdf_document(session: AsyncSession, principal: Principal,
                       submission_id: int) -> tuple[bytes, str]:
    """The report's PDF and its file name."""
    return await _pdf_of(session, await submissions.get_submission(session, principal,
                                                                   submission_id))


async def published_pdf(session: AsyncSession, submission_id: int) -> tuple[bytes, str]:
    """The PDF behind a public document: unknown (404) unless published and still approved."""
    submission = await repository.published_one(session, submission_id)
    if submission is None:
        raise NotFound(f"No published report {submission_id}.")
    return await _pdf_of(session, await submissions.context_of(session, submission))


async def _pdf_of(session: AsyncSession, context: submissions.Context) -> tuple[bytes, str]:
    name = f"{service.filename(context)}.pdf"
    copy = await repository.signed_copy(session, context.submission.id)
    if copy is not None:
        return signed.content(copy), name
    return await pdf.from_docx(docx.render(await service.report_of(session, context))), name
