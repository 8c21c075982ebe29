"""ConnectorError tree, raised by every vendor adapter and mapped once at the transport boundary."""

from __future__ import annotations


class ConnectorError(Exception):
    """Base class: something went wrong talking to a vendor."""

    retryable: bool = False

    def __init__(self, message: str, *, vendor: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.vendor = vendor
        self.status = status


class AuthError(ConnectorError):
    """Credentials were refused (401/403); the message says which key."""


class NotFoundError(ConnectorError):
    """The resource does not exist (or is not visible to these credentials)."""


class BadResponseError(ConnectorError):
    """The vendor answered with something we cannot parse (bad JSON, wrong shape)."""


class ValidationError(ConnectorError):
    """The vendor rejected our request as invalid (400/422)."""


class TransientError(ConnectorError):
    """Timeouts, connection failures and 5xx: worth retrying later."""

    retryable = True


class RateLimitedError(TransientError):
    """429: retry after `retry_after` seconds (None when the vendor gave no hint)."""

    def __init__(
        self, message: str, *, vendor: str = "", status: int | None = 429, retry_after: float | None = None
    ) -> None:
        super().__init__(message, vendor=vendor, status=status)
        self.retry_after = retry_after


class WebhookError(Exception):
    """Base class for deliveries Deskhand refuses."""

    http_status = 400


class BadWebhookError(WebhookError):
    """Malformed delivery: 400."""

    http_status = 400


class ForgedWebhookError(WebhookError):
    """Signature, secret or timestamp check failed: 401."""

    http_status = 401


class IgnoredWebhook(WebhookError):
    """A genuine delivery that carries no work (e.g. a WooCommerce ping): 200, nothing stored."""

    http_status = 200
