import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.creator_metrics_response import CreatorMetricsResponse
from ...models.problem import Problem
from ...types import UNSET, Response


def _get_kwargs(
    creator_id: str,
    *,
    at: datetime.date,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_at = at.isoformat()
    params["at"] = json_at

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/creators/{creator_id}/metrics".format(
            creator_id=quote(str(creator_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreatorMetricsResponse | Problem | None:
    if response.status_code == 200:
        response_200 = CreatorMetricsResponse.from_dict(response.json())

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
) -> Response[CreatorMetricsResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    creator_id: str,
    *,
    client: AuthenticatedClient | Client,
    at: datetime.date,
) -> Response[CreatorMetricsResponse | Problem]:
    """
    Args:
        creator_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        at (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatorMetricsResponse | Problem]
    """

    kwargs = _get_kwargs(
        creator_id=creator_id,
        at=at,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    creator_id: str,
    *,
    client: AuthenticatedClient | Client,
    at: datetime.date,
) -> CreatorMetricsResponse | Problem | None:
    """
    Args:
        creator_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        at (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatorMetricsResponse | Problem
    """

    return sync_detailed(
        creator_id=creator_id,
        client=client,
        at=at,
    ).parsed


async def asyncio_detailed(
    creator_id: str,
    *,
    client: AuthenticatedClient | Client,
    at: datetime.date,
) -> Response[CreatorMetricsResponse | Problem]:
    """
    Args:
        creator_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        at (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatorMetricsResponse | Problem]
    """

    kwargs = _get_kwargs(
        creator_id=creator_id,
        at=at,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    creator_id: str,
    *,
    client: AuthenticatedClient | Client,
    at: datetime.date,
) -> CreatorMetricsResponse | Problem | None:
    """
    Args:
        creator_id (str): An id as the platform names it: 1 to 64 ASCII letters, digits and - _ .
            :, starting with a letter or digit, never `..`
        at (datetime.date):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatorMetricsResponse | Problem
    """

    return (
        await asyncio_detailed(
            creator_id=creator_id,
            client=client,
            at=at,
        )
    ).parsed
