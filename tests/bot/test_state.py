"""State file: migrations, WAL (FULL for plain connections, NORMAL + group commit for State), inbox dedupe by constraint, crash recovery."""

from bot.state import State, connect, migrations


def test_pragmas_and_migrations_idempotent(tmp_path):
    path = tmp_path / "s.db"
    db = connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    applied = {r["name"] for r in db.query("SELECT name FROM _sqlite_migrations")}
    assert {"m001_core", "m002_webhook_health"} <= applied
    migrations.apply(db)  # applying again changes nothing
    assert db.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0] == len(applied)
    for table in ("inbox", "runs", "outbox", "drafts", "handoffs"):
        assert db[table].exists()


def test_duplicate_delivery_stored_once(tmp_path):
    state = State.open(tmp_path / "s.db")
    assert state.accept_event("zendesk", "k1", "7", "message", None) is True
    assert state.accept_event("zendesk", "k1", "7", "message", None) is False
    assert state.accept_event("freshdesk", "k1", "7", "message", None) is True  # keys are per source
    assert state.query("SELECT COUNT(*) AS n FROM inbox")[0]["n"] == 2
    src = state.query("SELECT * FROM webhook_sources WHERE source='zendesk'")[0]
    assert src["accepted"] == 2


def test_claim_and_crash_recovery(tmp_path):
    path = tmp_path / "s.db"
    state = State.open(path)
    state.accept_event("zendesk", "k1", "7", "message", None)
    claimed = state.claim_inbox(5)
    assert [r["dedupe_key"] for r in claimed] == ["k1"]
    assert state.claim_inbox(5) == []  # running rows are not claimed twice
    state.close()
    reopened = State.open(path)  # as after a SIGKILL mid-run
    assert reopened.requeue_running() == 1
    assert len(reopened.claim_inbox(5)) == 1


def test_retry_waits_until_due(tmp_path):
    now = [1000.0]
    state = State.open(tmp_path / "s.db", clock=lambda: now[0])
    state.accept_event("zendesk", "k1", "7", "message", None)
    row = state.claim_inbox()[0]
    state.retry_inbox(row["id"], 30, "TransientError")
    assert state.claim_inbox() == []
    now[0] += 31
    assert len(state.claim_inbox()) == 1


def test_write_rolls_back_on_error(tmp_path):
    state = State.open(tmp_path / "s.db")
    try:
        with state.write() as db:
            db["handoffs"].insert({"run_id": 1, "ticket_id": "1"})
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert state.query("SELECT COUNT(*) AS n FROM handoffs")[0]["n"] == 0


def test_requester_hint_is_kept_with_the_event_and_old_files_gain_the_column(tmp_path):
    state = State.open(tmp_path / "s.db")
    state.accept_event("zendesk", "k1", "7", "message", None, "5150")
    state.accept_event("zendesk", "k2", "7", "message", None)
    hints = [r["requester_hint"] for r in state.query("SELECT requester_hint FROM inbox ORDER BY id")]
    assert hints == ["5150", None]
    applied = {r["name"] for r in state.db.query("SELECT name FROM _sqlite_migrations")}
    assert {"m003_outbox_per_ticket", "m004_inbox_requester_hint"} <= applied


def test_rejections_are_counted_in_batches(tmp_path):
    state = State.open(tmp_path / "s.db")
    state.record_rejected("zendesk")
    state.record_rejected("zendesk", 41)
    row = state.query("SELECT accepted, rejected, last_delivery_at FROM webhook_sources WHERE source='zendesk'")[0]
    assert (row["accepted"], row["rejected"], row["last_delivery_at"]) == (0, 42, None)
