import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.queue_tab import QueueTab
from ...models.reason_dto import ReasonDto
from ...models.sort_direction_dto import SortDirectionDto
from ...models.ticket_kind_dto import TicketKindDto
from ...models.ticket_page import TicketPage
from ...models.ticket_sort_dto import TicketSortDto
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
    tab: QueueTab | Unset = UNSET,
    search: str | Unset = UNSET,
    amount_min: int | Unset = UNSET,
    amount_max: int | Unset = UNSET,
    opened_from: datetime.datetime | Unset = UNSET,
    opened_before: datetime.datetime | Unset = UNSET,
    disputed_from: datetime.datetime | Unset = UNSET,
    disputed_before: datetime.datetime | Unset = UNSET,
    disputed: bool | Unset = UNSET,
    completed_from: datetime.datetime | Unset = UNSET,
    completed_before: datetime.datetime | Unset = UNSET,
    merchant_responsible: bool | Unset = UNSET,
    overdue_approved: bool | Unset = UNSET,
    sort: TicketSortDto | Unset = UNSET,
    direction: SortDirectionDto | Unset = UNSET,
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

    json_tab: str | Unset = UNSET
    if not isinstance(tab, Unset):
        json_tab = tab.value

    params["tab"] = json_tab

    params["search"] = search

    params["amount_min"] = amount_min

    params["amount_max"] = amount_max

    json_opened_from: str | Unset = UNSET
    if not isinstance(opened_from, Unset):
        json_opened_from = opened_from.isoformat()
    params["opened_from"] = json_opened_from

    json_opened_before: str | Unset = UNSET
    if not isinstance(opened_before, Unset):
        json_opened_before = opened_before.isoformat()
    params["opened_before"] = json_opened_before

    json_disputed_from: str | Unset = UNSET
    if not isinstance(disputed_from, Unset):
        json_disputed_from = disputed_from.isoformat()
    params["disputed_from"] = json_disputed_from

    json_disputed_before: str | Unset = UNSET
    if not isinstance(disputed_before, Unset):
        json_disputed_before = disputed_before.isoformat()
    params["disputed_before"] = json_disputed_before

    params["disputed"] = disputed

    json_completed_from: str | Unset = UNSET
    if not isinstance(completed_from, Unset):
        json_completed_from = completed_from.isoformat()
    params["completed_from"] = json_completed_from

    json_completed_before: str | Unset = UNSET
    if not isinstance(completed_before, Unset):
        json_completed_before = completed_before.isoformat()
    params["completed_before"] = json_completed_before

    params["merchant_responsible"] = merchant_responsible

    params["overdue_approved"] = overdue_approved

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort.value

    params["sort"] = json_sort

    json_direction: str | Unset = UNSET
    if not isinstance(direction, Unset):
        json_direction = direction.value

    params["direction"] = json_direction

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
    tab: QueueTab | Unset = UNSET,
    search: str | Unset = UNSET,
    amount_min: int | Unset = UNSET,
    amount_max: int | Unset = UNSET,
    opened_from: datetime.datetime | Unset = UNSET,
    opened_before: datetime.datetime | Unset = UNSET,
    disputed_from: datetime.datetime | Unset = UNSET,
    disputed_before: datetime.datetime | Unset = UNSET,
    disputed: bool | Unset = UNSET,
    completed_from: datetime.datetime | Unset = UNSET,
    completed_before: datetime.datetime | Unset = UNSET,
    merchant_responsible: bool | Unset = UNSET,
    overdue_approved: bool | Unset = UNSET,
    sort: TicketSortDto | Unset = UNSET,
    direction: SortDirectionDto | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[Problem | TicketPage]:
    """List tickets, oldest first unless `sort` says otherwise, with filters and cursor pagination.

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
        tab (QueueTab | Unset): A status tab of the merchant's queue: a group of ticket states.
            Every state is in exactly
            one tab, so the tabs' counts add up to the queue.
        search (str | Unset):
        amount_min (int | Unset):
        amount_max (int | Unset):
        opened_from (datetime.datetime | Unset):
        opened_before (datetime.datetime | Unset):
        disputed_from (datetime.datetime | Unset):
        disputed_before (datetime.datetime | Unset):
        disputed (bool | Unset):
        completed_from (datetime.datetime | Unset):
        completed_before (datetime.datetime | Unset):
        merchant_responsible (bool | Unset):
        overdue_approved (bool | Unset):
        sort (TicketSortDto | Unset): What the ticket list is sorted by. `deadline` puts the most
            urgent live deadline first
            and tickets without one last; `created` is when the ticket was opened; `disputed` is when
            it was first taken to the platform (when it was opened, if never).
        direction (SortDirectionDto | Unset): `asc` (the default: oldest, soonest, smallest first)
            or `desc`.
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
        tab=tab,
        search=search,
        amount_min=amount_min,
        amount_max=amount_max,
        opened_from=opened_from,
        opened_before=opened_before,
        disputed_from=disputed_from,
        disputed_before=disputed_before,
        disputed=disputed,
        completed_from=completed_from,
        completed_before=completed_before,
        merchant_responsible=merchant_responsible,
        overdue_approved=overdue_approved,
        sort=sort,
        direction=direction,
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
    tab: QueueTab | Unset = UNSET,
    search: str | Unset = UNSET,
    amount_min: int | Unset = UNSET,
    amount_max: int | Unset = UNSET,
    opened_from: datetime.datetime | Unset = UNSET,
    opened_before: datetime.datetime | Unset = UNSET,
    disputed_from: datetime.datetime | Unset = UNSET,
    disputed_before: datetime.datetime | Unset = UNSET,
    disputed: bool | Unset = UNSET,
    completed_from: datetime.datetime | Unset = UNSET,
    completed_before: datetime.datetime | Unset = UNSET,
    merchant_responsible: bool | Unset = UNSET,
    overdue_approved: bool | Unset = UNSET,
    sort: TicketSortDto | Unset = UNSET,
    direction: SortDirectionDto | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Problem | TicketPage | None:
    """List tickets, oldest first unless `sort` says otherwise, with filters and cursor pagination.

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
        tab (QueueTab | Unset): A status tab of the merchant's queue: a group of ticket states.
            Every state is in exactly
            one tab, so the tabs' counts add up to the queue.
        search (str | Unset):
        amount_min (int | Unset):
        amount_max (int | Unset):
        opened_from (datetime.datetime | Unset):
        opened_before (datetime.datetime | Unset):
        disputed_from (datetime.datetime | Unset):
        disputed_before (datetime.datetime | Unset):
        disputed (bool | Unset):
        completed_from (datetime.datetime | Unset):
        completed_before (datetime.datetime | Unset):
        merchant_responsible (bool | Unset):
        overdue_approved (bool | Unset):
        sort (TicketSortDto | Unset): What the ticket list is sorted by. `deadline` puts the most
            urgent live deadline first
            and tickets without one last; `created` is when the ticket was opened; `disputed` is when
            it was first taken to the platform (when it was opened, if never).
        direction (SortDirectionDto | Unset): `asc` (the default: oldest, soonest, smallest first)
            or `desc`.
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
        tab=tab,
        search=search,
        amount_min=amount_min,
        amount_max=amount_max,
        opened_from=opened_from,
        opened_before=opened_before,
        disputed_from=disputed_from,
        disputed_before=disputed_before,
        disputed=disputed,
        completed_from=completed_from,
        completed_before=completed_before,
        merchant_responsible=merchant_responsible,
        overdue_approved=overdue_approved,
        sort=sort,
        direction=direction,
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
    tab: QueueTab | Unset = UNSET,
    search: str | Unset = UNSET,
    amount_min: int | Unset = UNSET,
    amount_max: int | Unset = UNSET,
    opened_from: datetime.datetime | Unset = UNSET,
    opened_before: datetime.datetime | Unset = UNSET,
    disputed_from: datetime.datetime | Unset = UNSET,
    disputed_before: datetime.datetime | Unset = UNSET,
    disputed: bool | Unset = UNSET,
    completed_from: datetime.datetime | Unset = UNSET,
    completed_before: datetime.datetime | Unset = UNSET,
    merchant_responsible: bool | Unset = UNSET,
    overdue_approved: bool | Unset = UNSET,
    sort: TicketSortDto | Unset = UNSET,
    direction: SortDirectionDto | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[Problem | TicketPage]:
    """List tickets, oldest first unless `sort` says otherwise, with filters and cursor pagination.

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
        tab (QueueTab | Unset): A status tab of the merchant's queue: a group of ticket states.
            Every state is in exactly
            one tab, so the tabs' counts add up to the queue.
        search (str | Unset):
        amount_min (int | Unset):
        amount_max (int | Unset):
        opened_from (datetime.datetime | Unset):
        opened_before (datetime.datetime | Unset):
        disputed_from (datetime.datetime | Unset):
        disputed_before (datetime.datetime | Unset):
        disputed (bool | Unset):
        completed_from (datetime.datetime | Unset):
        completed_before (datetime.datetime | Unset):
        merchant_responsible (bool | Unset):
        overdue_approved (bool | Unset):
        sort (TicketSortDto | Unset): What the ticket list is sorted by. `deadline` puts the most
            urgent live deadline first
            and tickets without one last; `created` is when the ticket was opened; `disputed` is when
            it was first taken to the platform (when it was opened, if never).
        direction (SortDirectionDto | Unset): `asc` (the default: oldest, soonest, smallest first)
            or `desc`.
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
        tab=tab,
        search=search,
        amount_min=amount_min,
        amount_max=amount_max,
        opened_from=opened_from,
        opened_before=opened_before,
        disputed_from=disputed_from,
        disputed_before=disputed_before,
        disputed=disputed,
        completed_from=completed_from,
        completed_before=completed_before,
        merchant_responsible=merchant_responsible,
        overdue_approved=overdue_approved,
        sort=sort,
        direction=direction,
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
    tab: QueueTab | Unset = UNSET,
    search: str | Unset = UNSET,
    amount_min: int | Unset = UNSET,
    amount_max: int | Unset = UNSET,
    opened_from: datetime.datetime | Unset = UNSET,
    opened_before: datetime.datetime | Unset = UNSET,
    disputed_from: datetime.datetime | Unset = UNSET,
    disputed_before: datetime.datetime | Unset = UNSET,
    disputed: bool | Unset = UNSET,
    completed_from: datetime.datetime | Unset = UNSET,
    completed_before: datetime.datetime | Unset = UNSET,
    merchant_responsible: bool | Unset = UNSET,
    overdue_approved: bool | Unset = UNSET,
    sort: TicketSortDto | Unset = UNSET,
    direction: SortDirectionDto | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Problem | TicketPage | None:
    """List tickets, oldest first unless `sort` says otherwise, with filters and cursor pagination.

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
        tab (QueueTab | Unset): A status tab of the merchant's queue: a group of ticket states.
            Every state is in exactly
            one tab, so the tabs' counts add up to the queue.
        search (str | Unset):
        amount_min (int | Unset):
        amount_max (int | Unset):
        opened_from (datetime.datetime | Unset):
        opened_before (datetime.datetime | Unset):
        disputed_from (datetime.datetime | Unset):
        disputed_before (datetime.datetime | Unset):
        disputed (bool | Unset):
        completed_from (datetime.datetime | Unset):
        completed_before (datetime.datetime | Unset):
        merchant_responsible (bool | Unset):
        overdue_approved (bool | Unset):
        sort (TicketSortDto | Unset): What the ticket list is sorted by. `deadline` puts the most
            urgent live deadline first
            and tickets without one last; `created` is when the ticket was opened; `disputed` is when
            it was first taken to the platform (when it was opened, if never).
        direction (SortDirectionDto | Unset): `asc` (the default: oldest, soonest, smallest first)
            or `desc`.
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
            tab=tab,
            search=search,
            amount_min=amount_min,
            amount_max=amount_max,
            opened_from=opened_from,
            opened_before=opened_before,
            disputed_from=disputed_from,
            disputed_before=disputed_before,
            disputed=disputed,
            completed_from=completed_from,
            completed_before=completed_before,
            merchant_responsible=merchant_responsible,
            overdue_approved=overdue_approved,
            sort=sort,
            direction=direction,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
