"""Settings: TOML file, DESKHAND_ env overrides, check-config errors naming key and file."""

import pytest

from bot.cli import main
from bot.settings import SettingsError, config_path, load_settings


def write(tmp_path, text):
    path = tmp_path / "deskhand.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_need_no_file():
    s = load_settings(None, environ={})
    assert s.service.helpdesk == "zendesk"
    assert s.zendesk.base_url is None


def test_file_values_and_env_override(tmp_path):
    path = write(tmp_path, '[woocommerce]\nurl = "https://shop.example.com/"\nconsumer_key = "ck_file"\n'
                           '[zendesk]\nsubdomain = "acme"\n')
    s = load_settings(path, environ={"DESKHAND_WOOCOMMERCE__CONSUMER_KEY": "ck_env",
                                     "DESKHAND_ZENDESK__URL": "http://127.0.0.1:9000"})
    assert s.woocommerce.url == "https://shop.example.com"
    assert s.woocommerce.consumer_key == "ck_env"  # environment wins over the file
    assert s.zendesk.base_url == "http://127.0.0.1:9000"  # url overrides subdomain


def test_subdomain_builds_base_url():
    s = load_settings(None, environ={"DESKHAND_ZENDESK__SUBDOMAIN": "acme"})
    assert s.zendesk.base_url == "https://acme.zendesk.com"


def test_rotation_secrets_order():
    s = load_settings(None, environ={"DESKHAND_ZENDESK__WEBHOOK_SECRET": "new",
                                     "DESKHAND_ZENDESK__WEBHOOK_SECRET_PREVIOUS": "old"})
    assert s.zendesk.webhook_secrets == ("new", "old")


def test_problems_name_key_and_file(tmp_path):
    path = write(tmp_path, '[zendesk]\nurl = "ftp://x"\ncolour = 1\n[service]\nport = 70000\n')
    with pytest.raises(SettingsError) as err:
        load_settings(path, environ={})
    text = "\n".join(err.value.problems)
    assert "[zendesk.url]" in text and str(path) in text
    assert "[zendesk.colour] unknown key" in text
    assert "[service.port]" in text


def test_env_problem_names_the_variable():
    with pytest.raises(SettingsError) as err:
        load_settings(None, environ={"DESKHAND_SERVICE__PORT": "not-a-port"})
    assert "DESKHAND_SERVICE__PORT" in err.value.problems[0]


def test_llm_enabled_without_key_is_refused():
    with pytest.raises(SettingsError) as err:
        load_settings(None, environ={"DESKHAND_LLM__ENABLED": "true"})
    assert "api_key" in err.value.problems[0]


def test_bad_toml_and_missing_file(tmp_path):
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(write(tmp_path, "[zendesk\n"), environ={})
    with pytest.raises(SettingsError, match="file not found"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_config_path_precedence():
    assert str(config_path("a.toml", {"DESKHAND_CONFIG": "b.toml"})) == "a.toml"
    assert str(config_path(None, {"DESKHAND_CONFIG": "b.toml"})) == "b.toml"
    assert config_path(None, {}) is None


def test_check_config_command(tmp_path, capsys):
    good = write(tmp_path, '[service]\nport = 8081\n')
    assert main(["check-config", str(good)]) == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('[woocommerce]\nurl = "nope"\n')
    assert main(["check-config", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "[woocommerce.url]" in err and str(bad) in err


def test_example_config_is_valid():
    from bot.settings import CONFIG_DIR

    load_settings(CONFIG_DIR / "deskhand.example.toml", environ={})
