from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.receipt_response import ReceiptResponse
from ...models.refund_result_request_type_0 import RefundResultRequestType0
from ...models.refund_result_request_type_1 import RefundResultRequestType1
from ...types import UNSET, Response, Unset


def _get_kwargs(
    ticket_id: str,
    *,
    body: RefundResultRequestType0 | RefundResultRequestType1,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/payments/refunds/{ticket_id}".format(
            ticket_id=quote(str(ticket_id), safe=""),
        ),
    }

    if isinstance(body, RefundResultRequestType0):
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
    body: RefundResultRequestType0 | RefundResultRequestType1,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ReceiptResponse]:
    """The payment system reports a refund's result.

    Args:
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (RefundResultRequestType0 | RefundResultRequestType1): The payment system's answer to
            a refund redress asked for.

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
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    ticket_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RefundResultRequestType0 | RefundResultRequestType1,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ReceiptResponse | None:
    """The payment system reports a refund's result.

    Args:
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (RefundResultRequestType0 | RefundResultRequestType1): The payment system's answer to
            a refund redress asked for.

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
    ).parsed


async def asyncio_detailed(
    ticket_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RefundResultRequestType0 | RefundResultRequestType1,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ReceiptResponse]:
    """The payment system reports a refund's result.

    Args:
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (RefundResultRequestType0 | RefundResultRequestType1): The payment system's answer to
            a refund redress asked for.

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
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    ticket_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RefundResultRequestType0 | RefundResultRequestType1,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ReceiptResponse | None:
    """The payment system reports a refund's result.

    Args:
        ticket_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (RefundResultRequestType0 | RefundResultRequestType1): The payment system's answer to
            a refund redress asked for.

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
        )
    ).parsed
