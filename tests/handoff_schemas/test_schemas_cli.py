"""`deskhand schemas export|check`."""

from __future__ import annotations

import json

import handoff_schemas.export as export_mod
from bot.cli import main
from handoff_schemas.export import SCHEMA_FILE, schema


def test_export_to_a_directory(tmp_path, capsys):
    assert main(["schemas", "export", "--dir", str(tmp_path)]) == 0
    written = tmp_path / SCHEMA_FILE
    assert capsys.readouterr().out.strip() == str(written)
    assert json.loads(written.read_text(encoding="utf-8")) == schema()


def test_check_passes_on_the_committed_file_and_fails_on_drift(tmp_path, capsys, monkeypatch):
    assert main(["schemas", "check"]) == 0
    assert "up to date" in capsys.readouterr().out
    (tmp_path / SCHEMA_FILE).write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr("bot.commands.schemas.SCHEMA_DIR", tmp_path)
    assert main(["schemas", "check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert export_mod.SCHEMA_DIR != tmp_path  # the committed file was never touched
