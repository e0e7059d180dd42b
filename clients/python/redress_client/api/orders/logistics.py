from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.logistics_request_type_0 import LogisticsRequestType0
from ...models.logistics_request_type_1 import LogisticsRequestType1
from ...models.logistics_request_type_2 import LogisticsRequestType2
from ...models.logistics_request_type_3 import LogisticsRequestType3
from ...models.logistics_request_type_4 import LogisticsRequestType4
from ...models.logistics_request_type_5 import LogisticsRequestType5
from ...models.logistics_request_type_6 import LogisticsRequestType6
from ...models.logistics_request_type_7 import LogisticsRequestType7
from ...models.logistics_request_type_8 import LogisticsRequestType8
from ...models.problem import Problem
from ...models.receipt_response import ReceiptResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    order_id: str,
    *,
    body: LogisticsRequestType0
    | LogisticsRequestType1
    | LogisticsRequestType2
    | LogisticsRequestType3
    | LogisticsRequestType4
    | LogisticsRequestType5
    | LogisticsRequestType6
    | LogisticsRequestType7
    | LogisticsRequestType8,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders/{order_id}/logistics".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    if isinstance(body, LogisticsRequestType0):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, LogisticsRequestType1):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, LogisticsRequestType2):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, LogisticsRequestType3):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, LogisticsRequestType4):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, LogisticsRequestType5):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, LogisticsRequestType6):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, LogisticsRequestType7):
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
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: LogisticsRequestType0
    | LogisticsRequestType1
    | LogisticsRequestType2
    | LogisticsRequestType3
    | LogisticsRequestType4
    | LogisticsRequestType5
    | LogisticsRequestType6
    | LogisticsRequestType7
    | LogisticsRequestType8,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ReceiptResponse]:
    """A logistics event: the outbound parcel, or a ticket's return or replacement parcel.

    Args:
        order_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :,
            starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (LogisticsRequestType0 | LogisticsRequestType1 | LogisticsRequestType2 |
            LogisticsRequestType3 | LogisticsRequestType4 | LogisticsRequestType5 |
            LogisticsRequestType6 | LogisticsRequestType7 | LogisticsRequestType8): A logistics event:
            about the outbound parcel, or about a ticket's return or replacement
            parcel (which then names the ticket).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReceiptResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: LogisticsRequestType0
    | LogisticsRequestType1
    | LogisticsRequestType2
    | LogisticsRequestType3
    | LogisticsRequestType4
    | LogisticsRequestType5
    | LogisticsRequestType6
    | LogisticsRequestType7
    | LogisticsRequestType8,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ReceiptResponse | None:
    """A logistics event: the outbound parcel, or a ticket's return or replacement parcel.

    Args:
        order_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :,
            starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (LogisticsRequestType0 | LogisticsRequestType1 | LogisticsRequestType2 |
            LogisticsRequestType3 | LogisticsRequestType4 | LogisticsRequestType5 |
            LogisticsRequestType6 | LogisticsRequestType7 | LogisticsRequestType8): A logistics event:
            about the outbound parcel, or about a ticket's return or replacement
            parcel (which then names the ticket).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReceiptResponse
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: LogisticsRequestType0
    | LogisticsRequestType1
    | LogisticsRequestType2
    | LogisticsRequestType3
    | LogisticsRequestType4
    | LogisticsRequestType5
    | LogisticsRequestType6
    | LogisticsRequestType7
    | LogisticsRequestType8,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ReceiptResponse]:
    """A logistics event: the outbound parcel, or a ticket's return or replacement parcel.

    Args:
        order_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :,
            starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (LogisticsRequestType0 | LogisticsRequestType1 | LogisticsRequestType2 |
            LogisticsRequestType3 | LogisticsRequestType4 | LogisticsRequestType5 |
            LogisticsRequestType6 | LogisticsRequestType7 | LogisticsRequestType8): A logistics event:
            about the outbound parcel, or about a ticket's return or replacement
            parcel (which then names the ticket).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReceiptResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: LogisticsRequestType0
    | LogisticsRequestType1
    | LogisticsRequestType2
    | LogisticsRequestType3
    | LogisticsRequestType4
    | LogisticsRequestType5
    | LogisticsRequestType6
    | LogisticsRequestType7
    | LogisticsRequestType8,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ReceiptResponse | None:
    """A logistics event: the outbound parcel, or a ticket's return or replacement parcel.

    Args:
        order_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ . :,
            starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (LogisticsRequestType0 | LogisticsRequestType1 | LogisticsRequestType2 |
            LogisticsRequestType3 | LogisticsRequestType4 | LogisticsRequestType5 |
            LogisticsRequestType6 | LogisticsRequestType7 | LogisticsRequestType8): A logistics event:
            about the outbound parcel, or about a ticket's return or replacement
            parcel (which then names the ticket).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReceiptResponse
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
