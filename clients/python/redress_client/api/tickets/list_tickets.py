import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.reason_dto import ReasonDto
from ...models.ticket_kind_dto import TicketKindDto
from ...models.ticket_page import TicketPage
from ...models.ticket_state_dto import TicketStateDto
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    state: TicketStateDto | Unset = UNSET,
    kind: TicketKindDto | Unset = UNSET,
    reason: ReasonDto | Unset = UNSET,
    due_before: datetime.datetime | Unset = UNSET,
    return_signed: bool | Unset = UNSET,
    merchant_id: str | Unset = UNSET,
    buyer_id: str | Unset = UNSET,
    order_id: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_state: str | Unset = UNSET
    if not isinstance(state, Unset):
        json_state = state.value

    params["state"] = json_state

    json_kind: str | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind.value

    params["kind"] = json_kind

    json_reason: str | Unset = UNSET
    if not isinstance(reason, Unset):
        json_reason = reason.value

    params["reason"] = json_reason

    json_due_before: str | Unset = UNSET
    if not isinstance(due_before, Unset):
        json_due_before = due_before.isoformat()
    params["due_before"] = json_due_before

    params["return_signed"] = return_signed

    params["merchant_id"] = merchant_id

    params["buyer_id"] = buyer_id

    params["order_id"] = order_id

    json_updated_since: str | Unset = UNSET
    if not isinstance(updated_since, Unset):
        json_updated_since = updated_since.isoformat()
    params["updated_since"] = json_updated_since

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/tickets",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TicketPage | None:
    if response.status_code == 200:
        response_200 = TicketPage.from_dict(response.json())

        return response_200

    if 400 <= response.status_code <= 499:
        response_4xx = Problem.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | TicketPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    state: TicketStateDto | Unset = UNSET,
    kind: TicketKindDto | Unset = UNSET,
    reason: ReasonDto | Unset = UNSET,
    due_before: datetime.datetime | Unset = UNSET,
    return_signed: bool | Unset = UNSET,
    merchant_id: str | Unset = UNSET,
    buyer_id: str | Unset = UNSET,
    order_id: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[Problem | TicketPage]:
    """List tickets, oldest first, with filters and cursor pagination.

    Args:
        state (TicketStateDto | Unset): A ticket's state.
        kind (TicketKindDto | Unset): What the buyer asks for.
        reason (ReasonDto | Unset): Why the buyer asks.
        due_before (datetime.datetime | Unset):
        return_signed (bool | Unset):
        merchant_id (str | Unset):
        buyer_id (str | Unset):
        order_id (str | Unset):
        updated_since (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TicketPage]
    """

    kwargs = _get_kwargs(
        state=state,
        kind=kind,
        reason=reason,
        due_before=due_before,
        return_signed=return_signed,
        merchant_id=merchant_id,
        buyer_id=buyer_id,
        order_id=order_id,
        updated_since=updated_since,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    state: TicketStateDto | Unset = UNSET,
    kind: TicketKindDto | Unset = UNSET,
    reason: ReasonDto | Unset = UNSET,
    due_before: datetime.datetime | Unset = UNSET,
    return_signed: bool | Unset = UNSET,
    merchant_id: str | Unset = UNSET,
    buyer_id: str | Unset = UNSET,
    order_id: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Problem | TicketPage | None:
    """List tickets, oldest first, with filters and cursor pagination.

    Args:
        state (TicketStateDto | Unset): A ticket's state.
        kind (TicketKindDto | Unset): What the buyer asks for.
        reason (ReasonDto | Unset): Why the buyer asks.
        due_before (datetime.datetime | Unset):
        return_signed (bool | Unset):
        merchant_id (str | Unset):
        buyer_id (str | Unset):
        order_id (str | Unset):
        updated_since (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TicketPage
    """

    return sync_detailed(
        client=client,
        state=state,
        kind=kind,
        reason=reason,
        due_before=due_before,
        return_signed=return_signed,
        merchant_id=merchant_id,
        buyer_id=buyer_id,
        order_id=order_id,
        updated_since=updated_since,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    state: TicketStateDto | Unset = UNSET,
    kind: TicketKindDto | Unset = UNSET,
    reason: ReasonDto | Unset = UNSET,
    due_before: datetime.datetime | Unset = UNSET,
    return_signed: bool | Unset = UNSET,
    merchant_id: str | Unset = UNSET,
    buyer_id: str | Unset = UNSET,
    order_id: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[Problem | TicketPage]:
    """List tickets, oldest first, with filters and cursor pagination.

    Args:
        state (TicketStateDto | Unset): A ticket's state.
        kind (TicketKindDto | Unset): What the buyer asks for.
        reason (ReasonDto | Unset): Why the buyer asks.
        due_before (datetime.datetime | Unset):
        return_signed (bool | Unset):
        merchant_id (str | Unset):
        buyer_id (str | Unset):
        order_id (str | Unset):
        updated_since (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TicketPage]
    """

    kwargs = _get_kwargs(
        state=state,
        kind=kind,
        reason=reason,
        due_before=due_before,
        return_signed=return_signed,
        merchant_id=merchant_id,
        buyer_id=buyer_id,
        order_id=order_id,
        updated_since=updated_since,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    state: TicketStateDto | Unset = UNSET,
    kind: TicketKindDto | Unset = UNSET,
    reason: ReasonDto | Unset = UNSET,
    due_before: datetime.datetime | Unset = UNSET,
    return_signed: bool | Unset = UNSET,
    merchant_id: str | Unset = UNSET,
    buyer_id: str | Unset = UNSET,
    order_id: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Problem | TicketPage | None:
    """List tickets, oldest first, with filters and cursor pagination.

    Args:
        state (TicketStateDto | Unset): A ticket's state.
        kind (TicketKindDto | Unset): What the buyer asks for.
        reason (ReasonDto | Unset): Why the buyer asks.
        due_before (datetime.datetime | Unset):
        return_signed (bool | Unset):
        merchant_id (str | Unset):
        buyer_id (str | Unset):
        order_id (str | Unset):
        updated_since (datetime.datetime | Unset):
        limit (int | Unset):
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TicketPage
    """

    return (
        await asyncio_detailed(
            client=client,
            state=state,
            kind=kind,
            reason=reason,
            due_before=due_before,
            return_signed=return_signed,
            merchant_id=merchant_id,
            buyer_id=buyer_id,
            order_id=order_id,
            updated_since=updated_since,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
