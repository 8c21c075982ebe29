"""Shared aiohttp transport: one request path that maps every failure to connectors.errors once."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Awaitable, Callable, Mapping

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy

from connectors.errors import (
    AuthError,
    BadResponseError,
    ConnectorError,
    NotFoundError,
    RateLimitedError,
    TransientError,
    ValidationError,
)

log = logging.getLogger(__name__)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A Retry-After longer than this is still reported (capped) so a caller can park the work.
MAX_RETRY_AFTER = 3600.0

Params = Mapping[str, str | int | float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """Short in-process retry for idempotent reads; longer waits belong to the caller."""

    attempts: int = 4
    backoff: float = 0.25  # full-jitter exponential: U(0, min(max_backoff, backoff * 2**n))
    max_backoff: float = 2.0
    retry_after_cap: float = 5.0  # honour Retry-After up to this many seconds, else give up


NO_RETRY = RetryPolicy(attempts=1)


@dataclass(frozen=True)
class JsonResponse:
    """A decoded vendor response: status, headers and the parsed JSON body (None when empty)."""

    status: int
    headers: CIMultiDictProxy[str]
    data: Any

    def header_int(self, name: str, default: int = 0) -> int:
        """An integer header such as X-WP-Total, or default when absent or malformed."""
        try:
            return int(self.headers.get(name, default))
        except (TypeError, ValueError):
            return default


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), capped; None if unusable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _vendor_error(data: Any) -> tuple[str, str]:
    """The (code, message) pair of a JSON error body, when it has one."""
    if isinstance(data, Mapping):
        code = data.get("code") or data.get("error") or data.get("description") or ""
        message = data.get("message") or ""
        return str(code)[:80], str(message)[:200]
    return "", ""


def _decorate(err: ConnectorError, code: str = "", message: str = "") -> ConnectorError:
    # The vendor's error code and message travel with the exception for callers such as check();
    # they are fixed vendor strings, never request data.
    err.vendor_code = code  # type: ignore[attr-defined]
    err.vendor_message = message  # type: ignore[attr-defined]
    return err


class HttpTransport:
    """JSON over aiohttp for one vendor base URL, with auth, timeouts, error mapping and short retries."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        vendor: str,
        base_url: str,
        auth: tuple[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        params: Params | None = None,
        timeout: float = 10.0,
        retry: RetryPolicy = RetryPolicy(),
        read_only: bool = False,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._session = session
        self.vendor = vendor
        self.base_url = base_url.rstrip("/") + "/"
        self._headers = dict(headers or {})
        if auth is not None:
            # aiohttp 3.14 deprecates the auth= argument; the header is what it would have sent.
            self._headers["Authorization"] = aiohttp.encode_basic_auth(auth[0], auth[1])
        self._params = dict(params or {})
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self.retry = retry
        self.read_only = read_only
        self._sleep = sleep

    def url(self, path: str) -> str:
        """Absolute URL of a path relative to the base URL."""
        return self.base_url + path.lstrip("/")

    async def get(self, path: str, params: Params | None = None) -> JsonResponse:
        """GET with in-process retries for transient failures."""
        return await self.request("GET", path, params=params)

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool | None = None,
    ) -> JsonResponse:
        """Send one request; retries only idempotent calls (reads unless told otherwise)."""
        method = method.upper()
        if self.read_only and method not in READ_METHODS:
            raise ConnectorError(f"{self.vendor}: {method} refused, this client is read-only", vendor=self.vendor)
        retryable = method in READ_METHODS if idempotent is None else idempotent
        attempts = self.retry.attempts if retryable else 1
        # A plain loop rather than a retry library: it runs on every upstream call, and the happy path
        # should cost one try block (tenacity's per-call set-up was a measurable share of the event loop).
        attempt = 1
        while True:
            try:
                return await self._once(method, path, params, json_body, headers)
            except ConnectorError as err:
                if attempt >= attempts or not self._should_retry(err):
                    raise
                await self._sleep(self._delay(err, attempt))
                attempt += 1

    def _should_retry(self, err: BaseException) -> bool:
        if isinstance(err, RateLimitedError) and err.retry_after is not None:
            return err.retry_after <= self.retry.retry_after_cap
        return isinstance(err, TransientError)

    def _delay(self, err: BaseException, failed_attempt: int) -> float:
        """Seconds to wait after attempt number `failed_attempt` (1-based) failed with `err`."""
        if isinstance(err, RateLimitedError) and err.retry_after is not None:
            # A little jitter on top so several workers do not come back in lockstep.
            return err.retry_after + random.uniform(0, 0.1 * max(err.retry_after, 1.0))
        ceiling = min(self.retry.max_backoff, self.retry.backoff * 2 ** (failed_attempt - 1))
        return random.uniform(0, ceiling)

    async def _once(
        self,
        method: str,
        path: str,
        params: Params | None,
        json_body: Any,
        headers: Mapping[str, str] | None,
    ) -> JsonResponse:
        where = f"{method} /{path.lstrip('/').split('?', 1)[0]}"
        query = {**self._params, **(params or {})}
        try:
            async with self._session.request(
                method,
                self.url(path),
                params={k: str(v) for k, v in query.items()},
                json=json_body,
                headers={"Accept": "application/json", **self._headers, **(headers or {})},
                timeout=self._timeout,
                allow_redirects=False,
            ) as resp:
                body = await resp.read()
                status, resp_headers = resp.status, resp.headers
        except (asyncio.TimeoutError, TimeoutError) as err:
            raise TransientError(f"{self.vendor}: {where} timed out", vendor=self.vendor) from err
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as err:
            raise TransientError(
                f"{self.vendor}: {where} failed ({type(err).__name__})", vendor=self.vendor
            ) from err
        except aiohttp.ClientError as err:
            raise ConnectorError(f"{self.vendor}: {where} failed ({type(err).__name__})", vendor=self.vendor) from err
        return self._decode(where, status, resp_headers, body)

    def _decode(self, where: str, status: int, headers: CIMultiDictProxy[str], body: bytes) -> JsonResponse:
        data: Any = None
        bad_json: ValueError | None = None
        if body.strip():
            try:
                data = json.loads(body)
            except ValueError as err:  # includes UnicodeDecodeError
                bad_json = err
        if 200 <= status < 300:
            if bad_json is not None:
                raise BadResponseError(
                    f"{self.vendor}: {where} returned a body that is not JSON", vendor=self.vendor, status=status
                ) from bad_json
            return JsonResponse(status, CIMultiDictProxy(CIMultiDict(headers)), data)
        raise self._status_error(where, status, headers, data)

    def _status_error(self, where: str, status: int, headers: Mapping[str, str], data: Any) -> ConnectorError:
        code, message = _vendor_error(data)
        tail = f" (HTTP {status}{', ' + code if code else ''})"
        v = self.vendor
        if status == 429:
            retry_after = parse_retry_after(headers.get("Retry-After"))
            err: ConnectorError = RateLimitedError(
                f"{v}: {where} rate limited{tail}", vendor=v, status=status, retry_after=retry_after
            )
        elif status in (401, 403):
            err = AuthError(f"{v}: {where} refused the credentials{tail}", vendor=v, status=status)
        elif status in (404, 410):
            err = NotFoundError(f"{v}: {where} not found{tail}", vendor=v, status=status)
        elif status in (400, 422):
            err = ValidationError(f"{v}: {where} rejected as invalid{tail}", vendor=v, status=status)
        elif status in (408, 425) or status >= 500:
            err = TransientError(f"{v}: {where} failed upstream{tail}", vendor=v, status=status)
        elif 300 <= status < 400:
            err = BadResponseError(f"{v}: {where} answered with an unexpected redirect{tail}", vendor=v, status=status)
        else:
            err = ConnectorError(f"{v}: {where} failed{tail}", vendor=v, status=status)
        log.info("upstream error vendor=%s where=%s status=%s code=%s", v, where, status, code or "-")
        return _decorate(err, code, message)
