import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_page import OrderPage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    merchant_id: str | Unset = UNSET,
    buyer_id: str | Unset = UNSET,
    order_id: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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
        "url": "/v1/orders",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> OrderPage | Problem | None:
    if response.status_code == 200:
        response_200 = OrderPage.from_dict(response.json())

        return response_200

    if 400 <= response.status_code <= 499:
        response_4xx = Problem.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[OrderPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    merchant_id: str | Unset = UNSET,
    buyer_id: str | Unset = UNSET,
    order_id: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[OrderPage | Problem]:
    """List orders, oldest payment first, with filters and cursor pagination.

    Args:
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
        Response[OrderPage | Problem]
    """

    kwargs = _get_kwargs(
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
    merchant_id: str | Unset = UNSET,
    buyer_id: str | Unset = UNSET,
    order_id: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> OrderPage | Problem | None:
    """List orders, oldest payment first, with filters and cursor pagination.

    Args:
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
        OrderPage | Problem
    """

    return sync_detailed(
        client=client,
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
    merchant_id: str | Unset = UNSET,
    buyer_id: str | Unset = UNSET,
    order_id: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[OrderPage | Problem]:
    """List orders, oldest payment first, with filters and cursor pagination.

    Args:
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
        Response[OrderPage | Problem]
    """

    kwargs = _get_kwargs(
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
    merchant_id: str | Unset = UNSET,
    buyer_id: str | Unset = UNSET,
    order_id: str | Unset = UNSET,
    updated_since: datetime.datetime | Unset = UNSET,
    limit: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> OrderPage | Problem | None:
    """List orders, oldest payment first, with filters and cursor pagination.

    Args:
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
        OrderPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            merchant_id=merchant_id,
            buyer_id=buyer_id,
            order_id=order_id,
            updated_since=updated_since,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
