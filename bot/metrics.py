"""Prometheus metrics (deskhand_ prefix); labels never carry customer data."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    """One registry per service instance, so tests and the demo never share counters."""

    def __init__(self) -> None:
        r = self.registry = CollectorRegistry()
        self.webhooks = Counter("deskhand_webhook_deliveries", "Webhook deliveries by source and result",
                                ["source", "result"], registry=r)
        self.runs = Counter("deskhand_runs", "Pipeline runs by outcome and primary answer class",
                            ["outcome", "answer_class"], registry=r)
        self.intents = Counter("deskhand_intents", "Intents seen in customer messages", ["intent"], registry=r)
        self.confidence = Histogram("deskhand_understanding_confidence", "Confidence of the understanding stage",
                                    buckets=(0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), registry=r)
        self.fallbacks = Counter("deskhand_fallbacks", "Why automation stopped or degraded", ["reason"], registry=r)
        self.handoffs = Counter("deskhand_handoffs", "Handoffs by queue", ["queue"], registry=r)
        self.approvals = Counter("deskhand_draft_outcomes", "Draft outcomes (approved, rejected, agent_replied)",
                                 ["outcome"], registry=r)
        self.outbox_depth = Gauge("deskhand_outbox_depth", "Outbox rows by status", ["status"], registry=r)
        self.inbox_depth = Gauge("deskhand_inbox_depth", "Inbox rows by status", ["status"], registry=r)
        self.parked = Gauge("deskhand_parked_items", "Parked (dead-letter) inbox and outbox rows", registry=r)
        self.upstream_latency = Histogram("deskhand_upstream_seconds", "Upstream call latency", ["upstream"],
                                          registry=r)
        self.upstream_errors = Counter("deskhand_upstream_errors", "Upstream errors by kind", ["upstream", "error"],
                                       registry=r)
        self.source_silent = Gauge("deskhand_webhook_source_silent", "1 when a webhook source has gone quiet",
                                   ["source"], registry=r)
        self.store_webhook_disabled = Gauge("deskhand_store_webhook_disabled",
                                            "1 when the store has disabled or paused a webhook Deskhand needs",
                                            ["topic"], registry=r)
        self.reconcile_orders = Counter("deskhand_reconcile_orders", "Orders read by reconciliation polls", registry=r)
        self.reconcile_caught_up = Counter("deskhand_reconcile_caught_up",
                                           "Order changes no webhook reported, caught up by a poll", registry=r)
        self.reconcile_failures = Counter("deskhand_reconcile_failures", "Reconciliation polls that failed", registry=r)
        self.reconcile_last_success = Gauge("deskhand_reconcile_last_success_timestamp_seconds",
                                            "When the last reconciliation poll succeeded", registry=r)
        self.monitor_errors = Counter("deskhand_monitor_errors", "Health-check failures by check", ["check"],
                                      registry=r)

    def record_run(self, row: dict) -> None:
        """Count one finished run from its run row."""
        import json

        intents = json.loads(row.get("intents") or "[]")
        classes = json.loads(row.get("answer_classes") or "[]")
        self.runs.labels(row.get("outcome", "unknown"), classes[0] if classes else "none").inc()
        for intent in intents:
            self.intents.labels(intent).inc()
        if row.get("confidence") is not None:
            self.confidence.observe(float(row["confidence"]))
        if row.get("fallback_reason"):
            self.fallbacks.labels("llm_fallback").inc()
        if row.get("handoff_queue"):
            self.handoffs.labels(row["handoff_queue"]).inc()

    def refresh_depths(self, state) -> None:
        """Read queue depths from the state file."""
        for table, gauge in (("outbox", self.outbox_depth), ("inbox", self.inbox_depth)):
            for status in ("pending", "running", "sending", "done", "parked"):
                gauge.labels(status).set(0)
            for row in state.query(f"SELECT status, COUNT(*) AS n FROM {table} GROUP BY status"):
                gauge.labels(row["status"]).set(row["n"])
        parked = state.query(
            "SELECT (SELECT COUNT(*) FROM inbox WHERE status='parked') + (SELECT COUNT(*) FROM outbox WHERE status='parked') AS n"
        )
        self.parked.set(parked[0]["n"])

    def render(self) -> bytes:
        """Prometheus text exposition."""
        return generate_latest(self.registry)
