"""`deskhand eval FILE [--json]`: score the offline understanding stage on a labelled JSONL file."""

from __future__ import annotations

import argparse
import json
import sys

from bot.evaluation import EvalDataError, EvalReport, evaluate, load_cases


def register(sub: argparse._SubParsersAction) -> None:
    """Add the eval command."""
    p = sub.add_parser("eval", help="score intent detection on a labelled JSONL file (e.g. eval/dev.jsonl)")
    p.add_argument("file", metavar="FILE", help="JSON Lines file: {id, text, intents, [subject], [channel]} per line")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate and print; bad input files exit 2 with the offending line named."""
    try:
        cases = load_cases(args.file)
    except OSError as err:
        print(f"{args.file}: cannot read ({err.strerror})", file=sys.stderr)
        return 2
    except EvalDataError as err:
        print(str(err), file=sys.stderr)
        return 2
    report = evaluate(cases)
    if getattr(args, "json", False):
        print(json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True))
    else:
        print(render_table(report))
    return 0


def render_table(report: EvalReport) -> str:
    """A readable per-intent table followed by the headline figures."""
    lines = [f"{'intent':<28}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}"]
    for name, s in report.per_intent.items():
        lines.append(f"{name:<28}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.support:>9d}")
    lines.append("")
    lines.append(f"cases                 {report.n}")
    lines.append(f"macro-F1              {report.macro_f1:.3f}")
    lines.append(f"escalation recall     {report.escalation_recall:.3f}")
    lines.append(f"escalation precision  {report.escalation_precision:.3f}")
    lines.append(f"primary accuracy      {report.primary_accuracy:.3f}")
    lines.append(f"exact intent sets     {report.exact_match:.3f}")
    if report.misses:
        lines.append("")
        lines.append(f"misses ({len(report.misses)}):")
        for miss in report.misses[:40]:
            lines.append(f"  {miss.id}: gold {', '.join(miss.gold)} | predicted {', '.join(miss.predicted) or '-'}")
    return "\n".join(lines)
