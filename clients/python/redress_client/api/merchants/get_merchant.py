from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.merchant_response import MerchantResponse
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    merchant_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/merchants/{merchant_id}".format(
            merchant_id=quote(str(merchant_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> MerchantResponse | Problem | None:
    if response.status_code == 200:
        response_200 = MerchantResponse.from_dict(response.json())

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
) -> Response[MerchantResponse | Problem]:
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
) -> Response[MerchantResponse | Problem]:
    """A merchant's settings and strategies (defaults for a merchant with orders that changed
    none; 404 `merchant_unknown` for a merchant with neither).

    Args:
        merchant_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MerchantResponse | Problem]
    """

    kwargs = _get_kwargs(
        merchant_id=merchant_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    merchant_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> MerchantResponse | Problem | None:
    """A merchant's settings and strategies (defaults for a merchant with orders that changed
    none; 404 `merchant_unknown` for a merchant with neither).

    Args:
        merchant_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MerchantResponse | Problem
    """

    return sync_detailed(
        merchant_id=merchant_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    merchant_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[MerchantResponse | Problem]:
    """A merchant's settings and strategies (defaults for a merchant with orders that changed
    none; 404 `merchant_unknown` for a merchant with neither).

    Args:
        merchant_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MerchantResponse | Problem]
    """

    kwargs = _get_kwargs(
        merchant_id=merchant_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    merchant_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> MerchantResponse | Problem | None:
    """A merchant's settings and strategies (defaults for a merchant with orders that changed
    none; 404 `merchant_unknown` for a merchant with neither).

    Args:
        merchant_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MerchantResponse | Problem
    """

    return (
        await asyncio_detailed(
            merchant_id=merchant_id,
            client=client,
        )
    ).parsed
