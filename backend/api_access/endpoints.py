from fastapi import APIRouter, Response, status

from backend.api_access import schemas, service
from backend.auth.deps import AdminDep, PrincipalDep
from backend.db import SessionDep
from backend.kit.fields import Id

tokens = APIRouter(prefix="/api-tokens", tags=["api-tokens"])
clients = APIRouter(prefix="/api-clients", tags=["api-clients"])


@tokens.get("", operation_id="api-tokens:list", response_model=list[schemas.ApiToken])
async def list_tokens(session: SessionDep, principal: PrincipalDep) -> list[schemas.ApiToken]:
    """The caller's own API tokens (never the tokens themselves)."""
    return [schemas.ApiToken.model_validate(t) for t in await service.tokens_of(session, principal)]


@tokens.post("", operation_id="api-tokens:create", response_model=schemas.ApiTokenCreated,
             status_code=status.HTTP_201_CREATED)
async def create_token(session: SessionDep, principal: PrincipalDep,
                       data: schemas.ApiTokenCreate) -> schemas.ApiTokenCreated:
    """A token for the caller's scripts, acting with the caller's rights; `read` or `write`."""
    return await service.create_token(session, principal, data)


@tokens.delete("/{token_id}", operation_id="api-tokens:revoke",
               status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
async def revoke_token(session: SessionDep, principal: PrincipalDep, token_id: Id) -> Response:
    await service.revoke_token(session, principal, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@clients.get("", operation_id="api-clients:list", response_model=list[schemas.ApiClient])
async def list_clients(session: SessionDep, principal: AdminDep) -> list[schemas.ApiClient]:
    return [service.client_view(c) for c in await service.clients(session, principal)]


@clients.post("", operation_id="api-clients:create", response_model=schemas.ApiClientCreated,
              status_code=status.HTTP_201_CREATED)
async def create_client(session: SessionDep, principal: AdminDep,
                        data: schemas.ApiClientCreate) -> schemas.ApiClientCreated:
    """Register a machine caller for the client_credentials grant; the secret is shown once."""
    return await service.create_client(session, principal, data)


@clients.patch("/{client_id}", operation_id="api-clients:update",
               response_model=schemas.ApiClient | schemas.ApiClientCreated)
async def update_client(session: SessionDep, principal: AdminDep, client_id: Id,
                        data: schemas.ApiClientUpdate) -> schemas.ApiClient | schemas.ApiClientCreated:
    """Disable, change scopes, or rotate the secret (the new one is shown once)."""
    return await service.update_client(session, principal, client_id, data)
