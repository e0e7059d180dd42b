from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.receipt_response import ReceiptResponse
from ...models.ticket_action_request_type_0 import TicketActionRequestType0
from ...models.ticket_action_request_type_1 import TicketActionRequestType1
from ...models.ticket_action_request_type_2 import TicketActionRequestType2
from ...models.ticket_action_request_type_3 import TicketActionRequestType3
from ...models.ticket_action_request_type_4 import TicketActionRequestType4
from ...models.ticket_action_request_type_5 import TicketActionRequestType5
from ...models.ticket_action_request_type_6 import TicketActionRequestType6
from ...models.ticket_action_request_type_7 import TicketActionRequestType7
from ...models.ticket_action_request_type_8 import TicketActionRequestType8
from ...models.ticket_action_request_type_9 import TicketActionRequestType9
from ...models.ticket_action_request_type_10 import TicketActionRequestType10
from ...models.ticket_action_request_type_11 import TicketActionRequestType11
from ...models.ticket_action_request_type_12 import TicketActionRequestType12
from ...models.ticket_action_request_type_13 import TicketActionRequestType13
from ...models.ticket_action_request_type_14 import TicketActionRequestType14
from ...models.ticket_action_request_type_15 import TicketActionRequestType15
from ...models.ticket_action_request_type_16 import TicketActionRequestType16
from ...models.ticket_action_request_type_17 import TicketActionRequestType17
from ...models.ticket_action_request_type_18 import TicketActionRequestType18
from ...types import UNSET, Response, Unset


def _get_kwargs(
    ticket_id: str,
    *,
    body: TicketActionRequestType0
    | TicketActionRequestType1
    | TicketActionRequestType10
    | TicketActionRequestType11
    | TicketActionRequestType12
    | TicketActionRequestType13
    | TicketActionRequestType14
    | TicketActionRequestType15
    | TicketActionRequestType16
    | TicketActionRequestType17
    | TicketActionRequestType18
    | TicketActionRequestType2
    | TicketActionRequestType3
    | TicketActionRequestType4
    | TicketActionRequestType5
    | TicketActionRequestType6
    | TicketActionRequestType7
    | TicketActionRequestType8
    | TicketActionRequestType9,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/tickets/{ticket_id}/actions".format(
            ticket_id=quote(str(ticket_id), safe=""),
        ),
    }

    if isinstance(body, TicketActionRequestType0):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType1):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType2):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType3):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType4):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType5):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType6):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType7):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType8):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType9):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType10):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType11):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType12):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType13):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType14):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType15):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType16):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TicketActionRequestType17):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ReceiptResponse | None:
    if response.status_code == 200:
        response_200 = ReceiptResponse.from_dict(response.json())

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
) -> Response[Problem | ReceiptResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    ticket_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TicketActionRequestType0
    | TicketActionRequestType1
    | TicketActionRequestType10
    | TicketActionRequestType11
    | TicketActionRequestType12
    | TicketActionRequestType13
    | TicketActionRequestType14
    | TicketActionRequestType15
    | TicketActionRequestType16
    | TicketActionRequestType17
    | TicketActionRequestType18
    | TicketActionRequestType2
    | TicketActionRequestType3
    | TicketActionRequestType4
    | TicketActionRequestType5
    | TicketActionRequestType6
    | TicketActionRequestType7
    | TicketActionRequestType8
    | TicketActionRequestType9,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Response[Problem | ReceiptResponse]:
    """Act on a ticket. `type` names the action; the domain checks the caller may take it.

    Args:
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (TicketActionRequestType0 | TicketActionRequestType1 | TicketActionRequestType10 |
            TicketActionRequestType11 | TicketActionRequestType12 | TicketActionRequestType13 |
            TicketActionRequestType14 | TicketActionRequestType15 | TicketActionRequestType16 |
            TicketActionRequestType17 | TicketActionRequestType18 | TicketActionRequestType2 |
            TicketActionRequestType3 | TicketActionRequestType4 | TicketActionRequestType5 |
            TicketActionRequestType6 | TicketActionRequestType7 | TicketActionRequestType8 |
            TicketActionRequestType9): Every action a person takes on a ticket, named by `type`. The
            feeds' actions (return
            parcels, refund results) have their own endpoints; deadlines are the system's alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReceiptResponse]
    """

    kwargs = _get_kwargs(
        ticket_id=ticket_id,
        body=body,
        idempotency_key=idempotency_key,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    ticket_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TicketActionRequestType0
    | TicketActionRequestType1
    | TicketActionRequestType10
    | TicketActionRequestType11
    | TicketActionRequestType12
    | TicketActionRequestType13
    | TicketActionRequestType14
    | TicketActionRequestType15
    | TicketActionRequestType16
    | TicketActionRequestType17
    | TicketActionRequestType18
    | TicketActionRequestType2
    | TicketActionRequestType3
    | TicketActionRequestType4
    | TicketActionRequestType5
    | TicketActionRequestType6
    | TicketActionRequestType7
    | TicketActionRequestType8
    | TicketActionRequestType9,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Problem | ReceiptResponse | None:
    """Act on a ticket. `type` names the action; the domain checks the caller may take it.

    Args:
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (TicketActionRequestType0 | TicketActionRequestType1 | TicketActionRequestType10 |
            TicketActionRequestType11 | TicketActionRequestType12 | TicketActionRequestType13 |
            TicketActionRequestType14 | TicketActionRequestType15 | TicketActionRequestType16 |
            TicketActionRequestType17 | TicketActionRequestType18 | TicketActionRequestType2 |
            TicketActionRequestType3 | TicketActionRequestType4 | TicketActionRequestType5 |
            TicketActionRequestType6 | TicketActionRequestType7 | TicketActionRequestType8 |
            TicketActionRequestType9): Every action a person takes on a ticket, named by `type`. The
            feeds' actions (return
            parcels, refund results) have their own endpoints; deadlines are the system's alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReceiptResponse
    """

    return sync_detailed(
        ticket_id=ticket_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    ticket_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TicketActionRequestType0
    | TicketActionRequestType1
    | TicketActionRequestType10
    | TicketActionRequestType11
    | TicketActionRequestType12
    | TicketActionRequestType13
    | TicketActionRequestType14
    | TicketActionRequestType15
    | TicketActionRequestType16
    | TicketActionRequestType17
    | TicketActionRequestType18
    | TicketActionRequestType2
    | TicketActionRequestType3
    | TicketActionRequestType4
    | TicketActionRequestType5
    | TicketActionRequestType6
    | TicketActionRequestType7
    | TicketActionRequestType8
    | TicketActionRequestType9,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Response[Problem | ReceiptResponse]:
    """Act on a ticket. `type` names the action; the domain checks the caller may take it.

    Args:
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (TicketActionRequestType0 | TicketActionRequestType1 | TicketActionRequestType10 |
            TicketActionRequestType11 | TicketActionRequestType12 | TicketActionRequestType13 |
            TicketActionRequestType14 | TicketActionRequestType15 | TicketActionRequestType16 |
            TicketActionRequestType17 | TicketActionRequestType18 | TicketActionRequestType2 |
            TicketActionRequestType3 | TicketActionRequestType4 | TicketActionRequestType5 |
            TicketActionRequestType6 | TicketActionRequestType7 | TicketActionRequestType8 |
            TicketActionRequestType9): Every action a person takes on a ticket, named by `type`. The
            feeds' actions (return
            parcels, refund results) have their own endpoints; deadlines are the system's alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReceiptResponse]
    """

    kwargs = _get_kwargs(
        ticket_id=ticket_id,
        body=body,
        idempotency_key=idempotency_key,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    ticket_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TicketActionRequestType0
    | TicketActionRequestType1
    | TicketActionRequestType10
    | TicketActionRequestType11
    | TicketActionRequestType12
    | TicketActionRequestType13
    | TicketActionRequestType14
    | TicketActionRequestType15
    | TicketActionRequestType16
    | TicketActionRequestType17
    | TicketActionRequestType18
    | TicketActionRequestType2
    | TicketActionRequestType3
    | TicketActionRequestType4
    | TicketActionRequestType5
    | TicketActionRequestType6
    | TicketActionRequestType7
    | TicketActionRequestType8
    | TicketActionRequestType9,
    idempotency_key: str | Unset = UNSET,
    if_match: str | Unset = UNSET,
) -> Problem | ReceiptResponse | None:
    """Act on a ticket. `type` names the action; the domain checks the caller may take it.

    Args:
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        if_match (str | Unset):
        body (TicketActionRequestType0 | TicketActionRequestType1 | TicketActionRequestType10 |
            TicketActionRequestType11 | TicketActionRequestType12 | TicketActionRequestType13 |
            TicketActionRequestType14 | TicketActionRequestType15 | TicketActionRequestType16 |
            TicketActionRequestType17 | TicketActionRequestType18 | TicketActionRequestType2 |
            TicketActionRequestType3 | TicketActionRequestType4 | TicketActionRequestType5 |
            TicketActionRequestType6 | TicketActionRequestType7 | TicketActionRequestType8 |
            TicketActionRequestType9): Every action a person takes on a ticket, named by `type`. The
            feeds' actions (return
            parcels, refund results) have their own endpoints; deadlines are the system's alone.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReceiptResponse
    """

    return (
        await asyncio_detailed(
            ticket_id=ticket_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            if_match=if_match,
        )
    ).parsed
