"""zenpy plumbing for the Zendesk connector: any base URL, no blocking on 429, errors mapped once.

zenpy builds ``https://{subdomain}.{domain}/api/v2/...`` URLs. Instead of the process-global
ZENPY_FORCE_* variables, zenpy gets a `requests.Session` whose adapter sends every request to the
configured base URL (production https://acme.zendesk.com, an EU proxy or the local sandbox alike)
and hands zenpy back a response whose `request.url` still names zenpy's own host, because zenpy
only decodes JSON from URLs that contain its base URL.
"""

from __future__ import annotations

import asyncio
import contextvars
import email.utils
import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from zenpy import Zenpy
from zenpy.lib.exception import (
    APIException,
    RatelimitBudgetExceeded,
    RecordNotFoundException,
    ZenpyException,
)

from connectors.errors import (
    AuthError,
    BadResponseError,
    ConnectorError,
    NotFoundError,
    RateLimitedError,
    TransientError,
    ValidationError,
)

VENDOR = "zendesk"
ZENPY_SUBDOMAIN = "deskhand"
ZENPY_DOMAIN = "zendesk.invalid"  # never resolved: the adapter rewrites every URL
T = TypeVar("T")


class _BaseURLAdapter(HTTPAdapter):
    """Sends each request to the configured base URL, whatever host zenpy put in it."""

    def __init__(self, base_url: str, pool_size: int = 10) -> None:
        # one retry layer (the outbox, not the transport); one pooled connection per worker thread
        super().__init__(max_retries=0, pool_connections=1, pool_maxsize=pool_size)
        parts = urlsplit(base_url)
        self._scheme, self._netloc, self._prefix = parts.scheme, parts.netloc, parts.path.rstrip("/")

    def target(self, url: str) -> str:
        """The URL actually requested for a URL zenpy (or a pagination link) names."""
        parts = urlsplit(url)
        path = parts.path
        if self._prefix and not path.startswith(self._prefix + "/"):
            path = self._prefix + path
        return urlunsplit((self._scheme, self._netloc, path, parts.query, ""))

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        """Rewrite, send, then show zenpy the request it built."""
        sent = request.copy()
        sent.url = self.target(request.url or "")
        response = super().send(sent, **kwargs)
        response.request = request
        return response


class ZendeskTransport:
    """A zenpy client plus a plain session for calls zenpy cannot make, sharing one error map."""

    def __init__(self, *, base_url: str, email: str, api_token: str, timeout: float, max_concurrency: int = 32) -> None:
        self.timeout = timeout
        self.session = requests.Session()
        adapter = _BaseURLAdapter(base_url, pool_size=max_concurrency)
        # zenpy blocks a thread for every call; a pool of its own keeps those waits off the
        # default executor (SQLite work) and lets max_concurrency calls be in flight at once.
        self._executor = ThreadPoolExecutor(max_workers=max_concurrency, thread_name_prefix="zendesk")
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self._adapter = adapter
        self._last = threading.local()
        # zenpy's exceptions drop the response; keep the last one per worker thread to read Retry-After.
        self.session.hooks["response"].append(self._remember)
        self.zenpy = Zenpy(
            subdomain=ZENPY_SUBDOMAIN,
            domain=ZENPY_DOMAIN,
            email=email,
            token=api_token,
            session=self.session,
            timeout=timeout,
            disable_cache=True,  # stale identities would defeat the verified-email rule
            ratelimit_budget=1,  # a 429 raises at once instead of sleeping in the worker thread
        )

    def _remember(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self._last.response = response

    def url(self, path: str) -> str:
        """Absolute URL for an API path such as 'tickets.json'."""
        return f"https://{ZENPY_SUBDOMAIN}.{ZENPY_DOMAIN}/api/v2/{path.lstrip('/')}"

    async def run(self, op: str, fn: Callable[[Zenpy], T]) -> T:
        """Run fn(zenpy) in a worker thread; every failure comes back as a ConnectorError."""
        ctx = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(self._executor, ctx.run, self._guarded, op, fn)

    def _guarded(self, op: str, fn: Callable[[Zenpy], T]) -> T:
        self._last.response = None
        try:
            return fn(self.zenpy)
        except ConnectorError:
            raise
        except Exception as err:  # mapped once, here, for every call
            raise map_error(op, err, getattr(self._last, "response", None)) from err

    async def request(self, op: str, method: str, path: str, **kwargs: Any) -> requests.Response:
        """A plain authenticated request (for headers zenpy cannot send per call); non-2xx raises."""

        def call(_: Zenpy) -> requests.Response:
            response = self.session.request(method, self.url(path), timeout=self.timeout, **kwargs)
            if not 200 <= response.status_code < 300:
                raise error_for_status(op, response)
            return response

        return await self.run(op, call)


def retry_after(response: requests.Response | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or HTTP-date); None when absent or unreadable."""
    if response is None:
        return None
    raw = (response.headers.get("Retry-After") or "").strip()
    if not raw:
        return None
    try:
        seconds = float(raw)
        return max(0.0, seconds) if math.isfinite(seconds) else None
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def error_for_status(op: str, response: requests.Response) -> ConnectorError:
    """The ConnectorError for one non-2xx response; messages carry no payload (no PII)."""
    status = response.status_code
    msg = f"Zendesk {op}: HTTP {status}"
    if status == 429:
        return RateLimitedError(msg, vendor=VENDOR, retry_after=retry_after(response))
    if status in (401, 403):
        return AuthError(f"{msg} (check zendesk.email / zendesk.api_token)", vendor=VENDOR, status=status)
    if status == 404:
        return NotFoundError(msg, vendor=VENDOR, status=status)
    if status == 409 or status >= 500:
        return TransientError(msg, vendor=VENDOR, status=status)
    return ValidationError(msg, vendor=VENDOR, status=status)


def map_error(op: str, err: BaseException, last: requests.Response | None) -> ConnectorError:
    """Map a zenpy / requests exception to the ConnectorError tree."""
    response = getattr(err, "response", None) if isinstance(err, (APIException, requests.HTTPError)) else None
    response = response if isinstance(response, requests.Response) else last
    if isinstance(err, RecordNotFoundException):
        return NotFoundError(f"Zendesk {op}: not found", vendor=VENDOR, status=404)
    if isinstance(err, RatelimitBudgetExceeded):
        return RateLimitedError(f"Zendesk {op}: HTTP 429", vendor=VENDOR, retry_after=retry_after(last))
    if isinstance(err, (requests.Timeout, requests.ConnectionError)):
        return TransientError(f"Zendesk {op}: {type(err).__name__}", vendor=VENDOR)
    if response is not None and not 200 <= response.status_code < 300:
        # Also covers zenpy choking on an HTTP-date Retry-After (ValueError) and non-JSON error bodies.
        return error_for_status(op, response)
    if isinstance(err, (ValueError, TypeError, KeyError, AttributeError, ZenpyException, requests.RequestException)):
        return BadResponseError(f"Zendesk {op}: unreadable response", vendor=VENDOR)
    return ConnectorError(f"Zendesk {op}: {type(err).__name__}", vendor=VENDOR)
