from fastapi import APIRouter

from backend.auth.deps import PrincipalDep
from backend.compilations import service
from backend.compilations.schemas import Compilation, Compiled, CompileRequest
from backend.db import SessionDep
from backend.kit.fields import Id
from backend.submissions import service as submissions

router = APIRouter(prefix="/submissions", tags=["submissions"])


@router.post("/compile", operation_id="submissions:compile", response_model=Compiled)
async def compile_submission(session: SessionDep, principal: PrincipalDep,
                             data: CompileRequest) -> Compiled:
    """Compile a unit's report (báo cáo tổng hợp) for a form and period from the units below it
    (planners and reviewers of the unit): creates the draft, or refreshes the gathered figures,
    completeness, narrative and tasks of an editable one; the text written stays as it is."""
    context = await service.compile_report(session, principal, data)
    compilation = await service.compilation_of(session, context.submission.id)
    assert compilation is not None
    return Compiled(submission=await submissions.to_schema(session, context),
                    compilation=compilation)


@router.get("/{submission_id}/compilation", operation_id="submissions:compilation",
            response_model=Compilation)
async def get_compilation(session: SessionDep, principal: PrincipalDep,
                          submission_id: Id) -> Compilation:
    """What the last compile of a compiled report gathered from the units below."""
    return await service.get_compilation(session, principal, submission_id)
