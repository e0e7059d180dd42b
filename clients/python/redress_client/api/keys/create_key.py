from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_key_request_type_0 import CreateKeyRequestType0
from ...models.create_key_request_type_1 import CreateKeyRequestType1
from ...models.create_key_request_type_2 import CreateKeyRequestType2
from ...models.key_response import KeyResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateKeyRequestType0 | CreateKeyRequestType1 | CreateKeyRequestType2,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/keys",
    }

    if isinstance(body, CreateKeyRequestType0):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, CreateKeyRequestType1):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> KeyResponse | Problem | None:
    if response.status_code == 201:
        response_201 = KeyResponse.from_dict(response.json())

        return response_201

    if 400 <= response.status_code <= 499:
        response_4xx = Problem.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[KeyResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateKeyRequestType0 | CreateKeyRequestType1 | CreateKeyRequestType2,
    idempotency_key: str | Unset = UNSET,
) -> Response[KeyResponse | Problem]:
    """
    Args:
        idempotency_key (str | Unset):
        body (CreateKeyRequestType0 | CreateKeyRequestType1 | CreateKeyRequestType2): A new key:
            its role and, for a merchant's or a buyer's key, whom it acts for.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KeyResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateKeyRequestType0 | CreateKeyRequestType1 | CreateKeyRequestType2,
    idempotency_key: str | Unset = UNSET,
) -> KeyResponse | Problem | None:
    """
    Args:
        idempotency_key (str | Unset):
        body (CreateKeyRequestType0 | CreateKeyRequestType1 | CreateKeyRequestType2): A new key:
            its role and, for a merchant's or a buyer's key, whom it acts for.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KeyResponse | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateKeyRequestType0 | CreateKeyRequestType1 | CreateKeyRequestType2,
    idempotency_key: str | Unset = UNSET,
) -> Response[KeyResponse | Problem]:
    """
    Args:
        idempotency_key (str | Unset):
        body (CreateKeyRequestType0 | CreateKeyRequestType1 | CreateKeyRequestType2): A new key:
            its role and, for a merchant's or a buyer's key, whom it acts for.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[KeyResponse | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateKeyRequestType0 | CreateKeyRequestType1 | CreateKeyRequestType2,
    idempotency_key: str | Unset = UNSET,
) -> KeyResponse | Problem | None:
    """
    Args:
        idempotency_key (str | Unset):
        body (CreateKeyRequestType0 | CreateKeyRequestType1 | CreateKeyRequestType2): A new key:
            its role and, for a merchant's or a buyer's key, whom it acts for.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        KeyResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
