from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.db import get_engine
from backend.errors import DatabaseUnavailable

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


@router.get("/health", operation_id="health:live", response_model=Health)
async def live() -> Health:
    """The process is up."""
    return Health(status="ok")


@router.get("/ready", operation_id="health:ready", response_model=Health,
            responses={503: {"description": "The database is unreachable"}})
async def ready() -> Health:
    """The database answers."""
    try:
        async with get_engine().connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        raise DatabaseUnavailable(f"The database is unreachable: {type(exc).__name__}.") from exc
    return Health(status="ready")
