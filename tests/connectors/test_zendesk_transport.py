"""zenpy plumbing: URL rewriting to any base URL, Retry-After parsing, one error map."""

from __future__ import annotations

import pytest
import requests
from zenpy.lib.exception import APIException, RatelimitBudgetExceeded, RecordNotFoundException

from connectors.errors import (
    AuthError,
    BadResponseError,
    NotFoundError,
    RateLimitedError,
    TransientError,
    ValidationError,
)
from connectors.zendesk_transport import _BaseURLAdapter, error_for_status, map_error, retry_after


def response(status: int, **headers: str) -> requests.Response:
    r = requests.Response()
    r.status_code = status
    r.headers.update(headers)
    return r


@pytest.mark.parametrize(
    "base, url, expected",
    [
        ("https://acme.zendesk.com", "https://deskhand.zendesk.invalid/api/v2/tickets/1.json?x=1",
         "https://acme.zendesk.com/api/v2/tickets/1.json?x=1"),
        ("http://127.0.0.1:8123", "https://deskhand.zendesk.invalid/api/v2/groups.json",
         "http://127.0.0.1:8123/api/v2/groups.json"),
        ("https://proxy.example.com/zd/", "https://deskhand.zendesk.invalid/api/v2/users/me.json",
         "https://proxy.example.com/zd/api/v2/users/me.json"),
        # A pagination link the proxy already built keeps its prefix once.
        ("https://proxy.example.com/zd", "https://proxy.example.com/zd/api/v2/groups.json?page[after]=a",
         "https://proxy.example.com/zd/api/v2/groups.json?page[after]=a"),
    ],
)
def test_every_url_goes_to_the_base(base, url, expected):
    assert _BaseURLAdapter(base).target(url) == expected


@pytest.mark.parametrize(
    "header, expected",
    [("7", 7.0), ("1.5", 1.5), ("-3", 0.0), ("", None), ("soon", None), ("nan", None), ("inf", None),
     ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0)],
)
def test_retry_after(header, expected):
    now = 1445412480.0  # 2015-10-21T07:28:00Z
    assert retry_after(response(429, **({"Retry-After": header} if header else {})), now=now) == expected


@pytest.mark.parametrize(
    "status, error",
    [(400, ValidationError), (422, ValidationError), (401, AuthError), (403, AuthError), (404, NotFoundError),
     (409, TransientError), (429, RateLimitedError), (500, TransientError), (503, TransientError)],
)
def test_status_map(status, error):
    mapped = error_for_status("op", response(status))
    assert type(mapped) is error and mapped.vendor == "zendesk"


def test_exception_map():
    r429 = response(429, **{"Retry-After": "4"})
    assert isinstance(map_error("op", RecordNotFoundException("x"), None), NotFoundError)
    limited = map_error("op", RatelimitBudgetExceeded("x"), r429)
    assert isinstance(limited, RateLimitedError) and limited.retry_after == 4.0
    assert isinstance(map_error("op", APIException("x", response=response(502)), None), TransientError)
    assert isinstance(map_error("op", requests.ReadTimeout(), None), TransientError)
    assert isinstance(map_error("op", requests.ConnectionError(), None), TransientError)
    # zenpy's int() on an HTTP-date Retry-After: still a rate limit, read from the captured response.
    dated = map_error("op", ValueError("invalid literal"), response(429, **{"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}))
    assert isinstance(dated, RateLimitedError)
    assert isinstance(map_error("op", ValueError("bad json"), response(200)), BadResponseError)
