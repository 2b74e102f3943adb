"""Document-level false positives on blind negative documents.

Reads ``tests/data/cuad_negative_docs.yaml`` (short whole agreements, each with
the CUAD-mapped topics it deliberately does not contain -- ``absent`` -- despite
near-miss wording, and the topics it does contain -- ``present``), lints each
text with no declared service type and reads the topic statuses. A topic is
positive when its status is the CUAD-positive one (present / unquantified /
vague for requirement topics, flagged for risk topics, only present for
``legal.warranty``).

Prints per document every absent topic wrongly reported positive, with the
evidence quote, and every present topic missed; then the totals.

    python bench/cuad_negative_docs.py [--data tests/data/cuad_negative_docs.yaml] [-q]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bpolint.api import lint_text  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from cuad_blind import load_taxonomy, positive_statuses  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT / "tests" / "data" / "cuad_negative_docs.yaml"))
    ap.add_argument("-q", "--quiet", action="store_true", help="totals only")
    args = ap.parse_args(argv)

    data = yaml.safe_load(Path(args.data).read_text())
    taxonomy = load_taxonomy()
    fp = neg = tp = pos = 0
    for name, doc in data.items():
        report = lint_text(doc["text"], [])
        by_topic = {t.topic: t for t in report.topics}
        findings = getattr(report, "findings", ()) or ()
        wrong, missed = [], []
        for topic in doc.get("absent", []):
            neg += 1
            t = by_topic.get(topic)
            if t is not None and t.status in positive_statuses(topic, taxonomy):
                fp += 1
                rules = sorted({f.rule for f in findings if f.topic == topic and f.status != "missing"})
                quote = t.evidence[0].quote if t.evidence else ""
                wrong.append((topic, t.status, rules, quote))
        for topic in doc.get("present", []):
            pos += 1
            t = by_topic.get(topic)
            if t is not None and t.status in positive_statuses(topic, taxonomy):
                tp += 1
            else:
                missed.append((topic, t.status if t else "(absent)"))
        print(f"{name}: false positives {len(wrong)}/{len(doc.get('absent', []))}, "
              f"present found {len(doc.get('present', [])) - len(missed)}/{len(doc.get('present', []))}")
        if not args.quiet:
            for topic, st, rules, quote in wrong:
                print(f"  FP {topic} [{st}] {','.join(rules)}: {quote[:220]!r}")
            for topic, st in missed:
                print(f"  MISS {topic} [{st}]")
    print(f"TOTAL false positives {fp}/{neg} absent topics; present found {tp}/{pos}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
