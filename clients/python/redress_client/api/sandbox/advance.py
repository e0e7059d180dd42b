from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.advance_request import AdvanceRequest
from ...models.advance_response import AdvanceResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: AdvanceRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/sandbox/clock/advance",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AdvanceResponse | Problem | None:
    if response.status_code == 200:
        response_200 = AdvanceResponse.from_dict(response.json())

        return response_200

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if 400 <= response.status_code <= 499:
        response_4xx = Problem.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AdvanceResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AdvanceRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdvanceResponse | Problem]:
    """
    Args:
        idempotency_key (str | Unset):
        body (AdvanceRequest): Move the clock forward: by an ISO 8601 duration (`PT48H`, `P2D`,
            `PT30M`) or to an RFC 3339
            instant. Exactly one of the two.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdvanceResponse | Problem]
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
    body: AdvanceRequest,
    idempotency_key: str | Unset = UNSET,
) -> AdvanceResponse | Problem | None:
    """
    Args:
        idempotency_key (str | Unset):
        body (AdvanceRequest): Move the clock forward: by an ISO 8601 duration (`PT48H`, `P2D`,
            `PT30M`) or to an RFC 3339
            instant. Exactly one of the two.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdvanceResponse | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AdvanceRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[AdvanceResponse | Problem]:
    """
    Args:
        idempotency_key (str | Unset):
        body (AdvanceRequest): Move the clock forward: by an ISO 8601 duration (`PT48H`, `P2D`,
            `PT30M`) or to an RFC 3339
            instant. Exactly one of the two.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdvanceResponse | Problem]
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
    body: AdvanceRequest,
    idempotency_key: str | Unset = UNSET,
) -> AdvanceResponse | Problem | None:
    """
    Args:
        idempotency_key (str | Unset):
        body (AdvanceRequest): Move the clock forward: by an ISO 8601 duration (`PT48H`, `P2D`,
            `PT30M`) or to an RFC 3339
            instant. Exactly one of the two.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdvanceResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
