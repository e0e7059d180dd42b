from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.receipt_response import ReceiptResponse
from ...models.shop_name_request import ShopNameRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    merchant_id: str,
    *,
    body: ShopNameRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/merchants/{merchant_id}/name".format(
            merchant_id=quote(str(merchant_id), safe=""),
        ),
    }

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
    merchant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ShopNameRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ReceiptResponse]:
    """Name the shop (店铺名称): the consoles show it beside the shop's id. The shop itself, an
    operator or the platform's integration (a system key) may set it.

    Args:
        merchant_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (ShopNameRequest): The shop's display name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReceiptResponse]
    """

    kwargs = _get_kwargs(
        merchant_id=merchant_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    merchant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ShopNameRequest,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ReceiptResponse | None:
    """Name the shop (店铺名称): the consoles show it beside the shop's id. The shop itself, an
    operator or the platform's integration (a system key) may set it.

    Args:
        merchant_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (ShopNameRequest): The shop's display name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReceiptResponse
    """

    return sync_detailed(
        merchant_id=merchant_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    merchant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ShopNameRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | ReceiptResponse]:
    """Name the shop (店铺名称): the consoles show it beside the shop's id. The shop itself, an
    operator or the platform's integration (a system key) may set it.

    Args:
        merchant_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (ShopNameRequest): The shop's display name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReceiptResponse]
    """

    kwargs = _get_kwargs(
        merchant_id=merchant_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    merchant_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ShopNameRequest,
    idempotency_key: str | Unset = UNSET,
) -> Problem | ReceiptResponse | None:
    """Name the shop (店铺名称): the consoles show it beside the shop's id. The shop itself, an
    operator or the platform's integration (a system key) may set it.

    Args:
        merchant_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        idempotency_key (str | Unset):
        body (ShopNameRequest): The shop's display name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReceiptResponse
    """

    return (
        await asyncio_detailed(
            merchant_id=merchant_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
