"""Settings: one TOML file plus DESKHAND_<SECTION>__<KEY> environment variables, validated by pydantic."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal, Mapping
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.retry import ParkPolicy

REPO_ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = REPO_ROOT / "config"
ENV_PREFIX = "DESKHAND_"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_url(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http(s) URL such as https://shop.example.com")
    return value.rstrip("/")


class _RotatingSecret(_Section):
    """A webhook secret plus the previous one, accepted while an operator rotates it."""

    webhook_secret: str | None = None
    webhook_secret_previous: str | None = None

    @property
    def webhook_secrets(self) -> tuple[str, ...]:
        """Current secret first, then the previous one during rotation."""
        return tuple(s for s in (self.webhook_secret, self.webhook_secret_previous) if s)


class ServiceSettings(_Section):
    """The Deskhand web service and its state file."""

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    public_url: str | None = None  # where help desks reach Deskhand's webhooks
    database: str = "var/deskhand.db"
    workers: int = Field(4, ge=1, le=64)
    max_body_bytes: int = Field(262_144, ge=1024)
    helpdesk: Literal["zendesk", "freshdesk"] = "zendesk"
    # Inbox events whose run hits upstream trouble (store or help desk down) are retried with
    # full-jitter backoff; they park only when retried out AND older than inbox_park_after_hours.
    inbox_max_attempts: int = Field(8, ge=1, le=1000)
    inbox_base_delay_seconds: float = Field(2.0, gt=0)
    inbox_max_delay_seconds: float = Field(300.0, gt=0)
    inbox_park_after_hours: float = Field(24.0, ge=0)

    _url = field_validator("public_url")(_check_url)

    @property
    def inbox_policy(self) -> ParkPolicy:
        """Retry and park rules for inbox events."""
        return ParkPolicy(max_attempts=self.inbox_max_attempts, base_delay=self.inbox_base_delay_seconds,
                          max_delay=self.inbox_max_delay_seconds, park_after_s=self.inbox_park_after_hours * 3600)


class ZendeskSettings(_RotatingSecret):
    """Zendesk Support API and webhook signing."""

    url: str | None = None  # overrides subdomain, e.g. an EU proxy or the sandbox
    subdomain: str | None = None
    email: str | None = None
    api_token: str | None = None
    replay_window_seconds: int = Field(300, ge=1, le=3600)
    timeout: float = Field(15.0, gt=0)
    max_concurrency: int = Field(32, ge=1, le=256)  # API calls in flight at once (zenpy threads)

    _url = field_validator("url")(_check_url)

    @property
    def base_url(self) -> str | None:
        """https://{subdomain}.zendesk.com unless url overrides it."""
        if self.url:
            return self.url
        return f"https://{self.subdomain}.zendesk.com" if self.subdomain else None


class FreshdeskSettings(_RotatingSecret):
    """Freshdesk API v2 and the shared webhook secret (Freshdesk cannot sign)."""

    url: str | None = None
    domain: str | None = None
    api_key: str | None = None
    timeout: float = Field(15.0, gt=0)

    _url = field_validator("url")(_check_url)

    @property
    def base_url(self) -> str | None:
        """https://{domain}.freshdesk.com unless url overrides it."""
        if self.url:
            return self.url
        return f"https://{self.domain}.freshdesk.com" if self.domain else None


class WooCommerceSettings(_RotatingSecret):
    """WooCommerce REST v3 (read-only key), Store API and webhooks."""

    url: str | None = None
    consumer_key: str | None = None
    consumer_secret: str | None = None
    query_string_auth: bool = False  # for hosts that strip the Authorization header
    timeout: float = Field(10.0, gt=0)
    max_order_pages: int = Field(3, ge=1, le=20)
    catalog_max_age_seconds: int = Field(3600, ge=0)
    customer_cache_seconds: int = Field(300, ge=0)  # email → account ids; 0 re-reads every time

    _url = field_validator("url")(_check_url)


class LLMSettings(_Section):
    """Optional OpenAI-compatible model; the offline path answers when it is off or fails."""

    enabled: bool = False
    base_url: str | None = None
    api_key: str | None = None
    model: str = "gpt-4o-mini"
    timeout: float = Field(20.0, gt=0)
    max_retries: int = Field(1, ge=0, le=5)

    _url = field_validator("base_url")(_check_url)

    @model_validator(mode="after")
    def _key_when_enabled(self) -> "LLMSettings":
        if self.enabled and not self.api_key:
            raise ValueError("api_key is required when enabled = true")
        return self


class StoreSettings(_Section):
    """The shop Deskhand serves: name, languages, policies and routing files."""

    name: str = "Juniper & Oak"
    languages: tuple[str, ...] = ("en", "es", "de", "fr")
    policies_dir: str = str(CONFIG_DIR / "policies")
    routing_file: str = str(CONFIG_DIR / "routing.toml")
    timezone: str = "UTC"


class OutboxSettings(_Section):
    """Retry policy for help-desk writes: an outage delays them; only a write dead for a day is parked."""

    max_attempts: int = Field(8, ge=1, le=1000)
    base_delay_seconds: float = Field(2.0, gt=0)
    max_delay_seconds: float = Field(300.0, gt=0)
    park_after_hours: float = Field(24.0, ge=0)  # retryable failures park only after this AND max_attempts
    # After a timeout the write may still land; the retry's "already posted?" check waits this long.
    unknown_outcome_delay_seconds: float = Field(60.0, ge=0)


class MonitoringSettings(_Section):
    """Webhook-health thresholds and the reconciliation poll."""

    silent_after_minutes: float = Field(60, gt=0)
    reconcile_every_minutes: float = Field(15, gt=0)
    check_every_seconds: float = Field(60, gt=0)  # how often the running service checks webhook health
    reconcile_lookback_hours: float = Field(24, gt=0)  # first poll on a fresh state file reaches this far back


class Settings(_Section):
    """Everything Deskhand reads at start-up."""

    service: ServiceSettings = ServiceSettings()
    zendesk: ZendeskSettings = ZendeskSettings()
    freshdesk: FreshdeskSettings = FreshdeskSettings()
    woocommerce: WooCommerceSettings = WooCommerceSettings()
    llm: LLMSettings = LLMSettings()
    store: StoreSettings = StoreSettings()
    outbox: OutboxSettings = OutboxSettings()
    monitoring: MonitoringSettings = MonitoringSettings()


class SettingsError(Exception):
    """A settings file or environment variable is wrong; `problems` name each key."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(f"{source}: " + "; ".join(problems))
        self.source = source
        self.problems = problems


def _env_overrides(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """DESKHAND_SECTION__KEY=value pairs as a nested dict."""
    out: dict[str, dict[str, Any]] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(ENV_PREFIX):].partition("__")
        if section and key:
            out.setdefault(section.lower(), {})[key.lower()] = _env_value(value)
    return out


def _env_value(raw: str) -> Any:
    # Lists come as comma-separated text ("en,es"); pydantic coerces the rest.
    return [p.strip() for p in raw.split(",")] if "," in raw else raw


def _merge(base: dict[str, Any], over: dict[str, dict[str, Any]]) -> dict[str, Any]:
    merged = {k: dict(v) if isinstance(v, dict) else v for k, v in base.items()}
    for section, values in over.items():
        current = merged.get(section)
        merged[section] = {**(current if isinstance(current, dict) else {}), **values}
    return merged


def _describe(err: ValidationError, source: str, env_keys: set[tuple[str, str]]) -> list[str]:
    problems = []
    for item in err.errors():
        loc = [str(p) for p in item["loc"]]
        key = ".".join(loc) or "(file)"
        where = source
        if len(loc) >= 2 and (loc[0], loc[1]) in env_keys:
            where = f"environment {ENV_PREFIX}{loc[0].upper()}__{loc[1].upper()}"
        msg = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            msg = "unknown key"
        problems.append(f"[{key}] {msg} ({where})")
    return problems


def config_path(explicit: str | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """--config wins, then DESKHAND_CONFIG, else no file."""
    environ = os.environ if environ is None else environ
    chosen = explicit or environ.get("DESKHAND_CONFIG")
    return Path(chosen) if chosen else None


def load_settings(path: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the TOML file (if any), apply environment overrides, validate; raises SettingsError."""
    environ = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    source = "defaults"
    if path is not None:
        source = str(path)
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SettingsError(source, ["file not found"]) from None
        except tomllib.TOMLDecodeError as err:
            raise SettingsError(source, [f"not valid TOML: {err}"]) from None
    overrides = _env_overrides(environ)
    env_keys = {(s, k) for s, values in overrides.items() for k in values}
    try:
        return Settings.model_validate(_merge(data, overrides))
    except ValidationError as err:
        raise SettingsError(source, _describe(err, source, env_keys)) from None
