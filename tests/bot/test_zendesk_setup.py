"""`deskhand zendesk setup` against the Zendesk sandbox: dry run, apply twice, secret hand-over."""

from __future__ import annotations

import asyncio
import json
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from bot.cli import main
from bot.zendesk_setup import apply, plan
from connectors.sandbox.people import person
from connectors.sandbox.zendesk_server import ZendeskSandbox, start_zendesk
from connectors.zendesk_admin import ZendeskAdmin
from connectors.zendesk_objects import MACRO_SEND, TRIGGER_NEW_TICKET, WEBHOOK_NAME, trigger_specs

EMAIL = person("deskhand").emails[0][0]
TOKEN = "setup-token-5e"
PUBLIC = "https://deskhand.example.com"


def _counts(sb: ZendeskSandbox) -> tuple[int, int, int]:
    auto = sb.world.automation
    return len(auto.webhooks), len(auto.triggers), len(auto.macros)


async def test_apply_twice_creates_each_object_once():
    sb = await start_zendesk(email=EMAIL, api_token=TOKEN)
    try:
        admin = ZendeskAdmin(base_url=sb.url, email=EMAIL, api_token=TOKEN)
        first = await apply(admin, PUBLIC)
        assert [i.status for i in first.items] == ["created"] * 8 and _counts(sb) == (1, 5, 2)
        second = await apply(admin, PUBLIC)
        assert [i.status for i in second.items] == ["found"] * 8 and _counts(sb) == (1, 5, 2)
        assert [i.id for i in first.items] == [i.id for i in second.items]
        assert first.signing_secret == second.signing_secret == sb.world.automation.secrets[first.webhook_id]
        hook = sb.world.automation.webhooks[first.webhook_id]
        assert (hook["name"], hook["endpoint"]) == (WEBHOOK_NAME, PUBLIC + "/webhooks/zendesk")
        assert not any(i.note for i in second.items)
    finally:
        await sb.close()


async def test_apply_finds_objects_the_sandbox_preinstalled():
    sb = await start_zendesk(email=EMAIL, api_token=TOKEN, deskhand_webhook_url=PUBLIC + "/webhooks/zendesk",
                             signing_secret="preinstalled-secret")
    try:
        report = await apply(ZendeskAdmin(base_url=sb.url, email=EMAIL, api_token=TOKEN), PUBLIC)
        assert report.created == 0 and _counts(sb) == (1, 5, 2)
        assert report.signing_secret == "preinstalled-secret"
        moved = await apply(ZendeskAdmin(base_url=sb.url, email=EMAIL, api_token=TOKEN), "https://elsewhere.example.com")
        assert "expected https://elsewhere.example.com/webhooks/zendesk" in moved.items[0].note
    finally:
        await sb.close()


def test_plan_lists_every_object_with_placeholder_webhook():
    spec = plan(PUBLIC)
    assert spec["webhook"]["endpoint"] == PUBLIC + "/webhooks/zendesk"
    assert spec["webhook"]["subscriptions"] == ["conditional_ticket_events"]
    assert [t["title"] for t in spec["triggers"]] == [t["title"] for t in trigger_specs("x")]
    assert spec["triggers"][0]["title"] == TRIGGER_NEW_TICKET
    body = spec["triggers"][0]["actions"][0]["value"][1]
    rendered = json.loads(body.replace("{{ticket.id}}", "1").replace("{{ticket.updated_at_with_timestamp}}", "t")
                          .replace("{{ticket.requester.id}}", "9"))
    assert rendered == {"ticket_id": "1", "event": "message", "requester_id": "9", "updated_at": "t"}
    assert [m["title"] for m in spec["macros"]] == [MACRO_SEND, "Deskhand: discard draft"]


# ----------------------------------------------------------------------------- the CLI


@contextmanager
def sandbox_thread(**kw) -> Iterator[ZendeskSandbox]:
    """The sandbox on its own loop in a thread, so the synchronous CLI can call it."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    sb = asyncio.run_coroutine_threadsafe(start_zendesk(**kw), loop).result(10)
    try:
        yield sb
    finally:
        asyncio.run_coroutine_threadsafe(sb.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def _config(tmp_path: Path, url: str, token: str = TOKEN, secret: str | None = None) -> str:
    lines = ["[service]", f'public_url = "{PUBLIC}"', "[zendesk]", f'url = "{url}"', f'email = "{EMAIL}"',
             f'api_token = "{token}"']
    if secret:
        lines.append(f'webhook_secret = "{secret}"')
    path = tmp_path / "deskhand.toml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


@pytest.fixture(autouse=True)
def _no_env_overrides(monkeypatch):
    for name in ("DESKHAND_CONFIG", "DESKHAND_ZENDESK__WEBHOOK_SECRET", "DESKHAND_ZENDESK__URL",
                 "DESKHAND_SERVICE__PUBLIC_URL", "DESKHAND_ZENDESK__API_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def test_cli_dry_run_creates_nothing(tmp_path, capsys):
    with sandbox_thread(email=EMAIL, api_token=TOKEN) as sb:
        assert main(["--config", _config(tmp_path, sb.url), "zendesk", "setup"]) == 0
        assert _counts(sb) == (0, 0, 0)
    out = capsys.readouterr().out
    assert "Would create" in out and PUBLIC + "/webhooks/zendesk" in out and "--apply" in out


def test_cli_apply_twice(tmp_path, capsys):
    with sandbox_thread(email=EMAIL, api_token=TOKEN) as sb:
        config = _config(tmp_path, sb.url)
        assert main(["--config", config, "zendesk", "setup", "--apply"]) == 0
        first = capsys.readouterr().out
        assert main(["--config", config, "zendesk", "setup", "--apply", "--public-url", PUBLIC + "/"]) == 0
        second = capsys.readouterr().out
        counts = _counts(sb)
        secret = next(iter(sb.world.automation.secrets.values()))
    assert counts == (1, 5, 2)
    assert first.count("created") == 9 and "8 created, 0 found." in first
    assert "0 created, 8 found." in second and "! " not in second
    assert f"export DESKHAND_ZENDESK__WEBHOOK_SECRET='{secret}'" in second


def test_cli_reports_configured_secret_and_rotation(tmp_path, capsys):
    with sandbox_thread(email=EMAIL, api_token=TOKEN, deskhand_webhook_url=PUBLIC + "/webhooks/zendesk",
                        signing_secret="current-secret") as sb:
        assert main(["--config", _config(tmp_path, sb.url, secret="current-secret"), "zendesk", "setup", "--apply"]) == 0
        assert "already configured" in capsys.readouterr().out
        assert main(["--config", _config(tmp_path, sb.url, secret="old-secret"), "zendesk", "setup", "--apply"]) == 0
    out = capsys.readouterr().out
    assert "DESKHAND_ZENDESK__WEBHOOK_SECRET='current-secret'" in out
    assert "DESKHAND_ZENDESK__WEBHOOK_SECRET_PREVIOUS='old-secret'" in out


def test_cli_wrong_token_fails_cleanly(tmp_path, capsys):
    with sandbox_thread(email=EMAIL, api_token=TOKEN) as sb:
        assert main(["--config", _config(tmp_path, sb.url, token="nope"), "zendesk", "setup", "--apply"]) == 1
        assert _counts(sb) == (0, 0, 0)
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "nope" not in err
