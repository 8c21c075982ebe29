"""`deskhand freshdesk setup`: printed rules, generated secret, and the one-call check against the sandbox."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.cli import main
from bot.freshdesk_setup import SECRET_ENV, check_groups, routing_queues, run_setup, webhook_url
from bot.settings import load_settings
from connectors.freshdesk_webhook import AUTOMATION_RULES, SCENARIOS
from connectors.sandbox.freshdesk_server import start_freshdesk
from connectors.sandbox.server import calls

KEY = "setup-test-key-d41f"
PUBLIC = "https://deskhand.example.com"


@pytest.fixture
async def server():
    srv = await start_freshdesk(api_key=KEY)
    yield srv
    await srv.close()


def routing_file(tmp_path, queues):
    routes = "\n".join(f'[[routes]]\nname = "r{i}"\nqueue = "{q}"\n' for i, q in enumerate(queues))
    path = tmp_path / "routing.toml"
    path.write_text(f"queues = {json.dumps(queues[:1])}\n\n{routes}", encoding="utf-8")
    return path


def settings_for(tmp_path, url, *, key=KEY, queues=("exchanges", "shipping", "general"), secret=None):
    lines = [f'[service]\npublic_url = "{PUBLIC}"', f'[freshdesk]\nurl = "{url}"\napi_key = "{key}"']
    if secret:
        lines[-1] += f'\nwebhook_secret = "{secret}"'
    lines.append(f'[store]\nrouting_file = "{routing_file(tmp_path, list(queues))}"')
    path = tmp_path / "deskhand.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_webhook_url_and_routing_queues(tmp_path):
    assert webhook_url("https://d.example.com/") == "https://d.example.com/webhooks/freshdesk"
    assert webhook_url(None) == "<public_url>/webhooks/freshdesk"
    assert routing_queues(routing_file(tmp_path, ["general", "shipping", "general"])) == ["general", "shipping"]


def test_sample_routing_config_queues_all_exist_in_the_sandbox_groups():
    from connectors.sandbox.freshdesk_state import GROUP_NAMES

    assert set(routing_queues(load_settings(None, environ={}).store.routing_file)) <= set(GROUP_NAMES)


async def test_setup_prints_rules_generates_secret_and_checks_with_one_call(tmp_path, server):
    settings = load_settings(settings_for(tmp_path, server.url), environ={})
    lines: list[str] = []
    code = await run_setup(settings, out=lines.append)
    text = "\n".join(lines)
    assert code == 0, text
    assert f"Callback URL:   {PUBLIC}/webhooks/freshdesk" in text
    for rule in AUTOMATION_RULES:
        assert rule.name in text and rule.body in text
    for scenario in SCENARIOS:
        assert f'"{scenario.name}": action Add tag {scenario.tag}' in text
    header = next(line for line in lines if "Custom header:" in line)
    secret = header.split("X-Deskhand-Secret: ", 1)[1]
    assert len(secret) >= 40
    assert f"export {SECRET_ENV}='{secret}'" in text
    assert "ok API key accepted" in text and "ok group 'shipping'" in text
    assert calls(server.app) == {"GET /api/v2/groups": 1}


async def test_configured_secret_is_not_printed_unless_asked(tmp_path, server):
    settings = load_settings(settings_for(tmp_path, server.url, secret="configured-secret-xyz"), environ={})
    lines: list[str] = []
    assert await run_setup(settings, out=lines.append) == 0
    assert "configured-secret-xyz" not in "\n".join(lines) and f"<the value of {SECRET_ENV}>" in "\n".join(lines)
    lines.clear()
    await run_setup(settings, out=lines.append, show_secret=True)
    assert "X-Deskhand-Secret: configured-secret-xyz" in "\n".join(lines)


async def test_missing_groups_are_reported(tmp_path, server):
    settings = load_settings(settings_for(tmp_path, server.url, queues=("exchanges", "vip_desk")), environ={})
    lines: list[str] = []
    assert await run_setup(settings, out=lines.append) == 1
    assert any("'vip_desk'" in line and "does not exist" in line for line in lines)
    assert calls(server.app) == {"GET /api/v2/groups": 1}


async def test_wrong_key_is_reported(tmp_path, server):
    settings = load_settings(settings_for(tmp_path, server.url, key="not-the-key"), environ={})
    lines: list[str] = []
    assert await run_setup(settings, out=lines.append) == 1
    assert any("API key was refused" in line for line in lines)
    assert "not-the-key" not in "\n".join(lines)


async def test_missing_settings_are_named(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text("", encoding="utf-8")
    lines: list[str] = []
    assert await run_setup(load_settings(path, environ={}), out=lines.append) == 1
    text = "\n".join(lines)
    assert "[freshdesk.api_key] is not set" in text and "<public_url>/webhooks/freshdesk" in text


async def test_check_groups_unreachable():
    import aiohttp

    async with aiohttp.ClientSession() as session:
        result = await check_groups(session, base_url="http://127.0.0.1:9", api_key=KEY, queues=["general"],
                                    timeout=2)
    assert not result.ok and "could not be checked" in result.error


async def test_cli_runs_setup(tmp_path, server, monkeypatch, capsys):
    for name in [n for n in __import__("os").environ if n.startswith("DESKHAND_")]:
        monkeypatch.delenv(name)
    config = settings_for(tmp_path, server.url)
    code = await asyncio.to_thread(main, ["--config", str(config), "freshdesk", "setup"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "ok API key accepted" in out and f"{PUBLIC}/webhooks/freshdesk" in out
