"""deskhand status: backlog, parked items, silent sources."""

from bot.cli import main
from bot.state import State
from bot.status import collect, render


def test_collect_reports_parked_and_silent(tmp_path):
    now = [100_000.0]
    state = State.open(tmp_path / "s.db", clock=lambda: now[0])
    state.accept_event("zendesk", "k", "1", "message", None)
    with state.write() as db:
        db.conn.execute("INSERT INTO outbox (id, kind, payload, status, created_at) VALUES ('x', 'note', '{}', 'parked', 1)")
    now[0] += 7200
    status = collect(state, silent_after_s=3600, expected_sources=("zendesk", "woocommerce"))
    assert status.parked_outbox == 1 and status.inbox_backlog == 1
    assert status.silent == ("woocommerce", "zendesk")
    assert not status.healthy
    text = render(status)
    assert "ATTENTION" in text and "silent sources: woocommerce, zendesk" in text


def test_status_command_exit_codes(tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.db"
    monkeypatch.setenv("DESKHAND_SERVICE__DATABASE", str(db))
    state = State.open(db)
    state.accept_event("zendesk", "k", "1", "message", None)
    assert main(["status"]) == 0
    assert "health: OK" in capsys.readouterr().out
    with state.write() as d:
        d.conn.execute("INSERT INTO outbox (id, kind, payload, status, created_at) VALUES ('x', 'note', '{}', 'parked', 1)")
    assert main(["status"]) == 1
    assert main(["outbox", "redrive"]) == 0
    assert "re-driven: 1" in capsys.readouterr().out
