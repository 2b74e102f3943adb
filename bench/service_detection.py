"""Service-type detection accuracy on labelled contracts.

Two label sources:

* the hand labels in ``bench/service_labels.yaml`` for the shared real contracts
  (CUAD exhibits and US federal statements of work), paths relative to the real
  corpus root given by ``--real`` (default ``../shared/corpora/real`` beside the
  repository, or ``$BPOLINT_REAL_CORPUS``);
* the ``service-types`` of each ``corpora/**/<stem>.expected.yaml`` sample draft.

Prints, per file, the predicted and expected types with the detector's scores,
then exact-set accuracy and precision/recall/F1 per service type.

    python bench/service_detection.py [--real DIR] [--only real|corpora] [-v]
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bpolint.extract import ExtractOptions, extract  # noqa: E402
from bpolint.ruleset.services import detect_services, load_profiles  # noqa: E402

TYPES = ("customer-support", "it-services", "finance-accounting", "back-office")
SUFFIXES = (".txt", ".md", ".docx", ".pdf")


@dataclass
class Case:
    name: str
    path: Path
    expected: frozenset[str]
    reason: str = ""


def real_cases(real_root: Path) -> list[Case]:
    labels = yaml.safe_load((ROOT / "bench" / "service_labels.yaml").read_text(encoding="utf-8")) or {}
    cases = []
    for rel, spec in labels.items():
        path = real_root / rel
        if not path.exists():
            print(f"skip (not found): {path}", file=sys.stderr)
            continue
        cases.append(Case(rel, path, frozenset(spec.get("types") or ()), spec.get("reason", "")))
    return cases


def corpus_cases() -> list[Case]:
    cases = []
    for exp in sorted((ROOT / "corpora").rglob("*.expected.yaml")):
        stem = exp.name[: -len(".expected.yaml")]
        doc = next((exp.with_name(stem + s) for s in SUFFIXES if exp.with_name(stem + s).exists()), None)
        if doc is None:
            continue
        data = yaml.safe_load(exp.read_text(encoding="utf-8")) or {}
        cases.append(Case(str(doc.relative_to(ROOT)), doc, frozenset(data.get("service-types") or ())))
    return cases


def predict(path: Path) -> tuple[frozenset[str], dict[str, float], dict[str, tuple[str, ...]]]:
    document = extract(str(path), ExtractOptions())
    text = " ".join(b.text for b in document.blocks)
    det = detect_services(text)
    return frozenset(det.service_types), dict(det.scores), dict(det.reasons)


def short(types: frozenset[str]) -> str:
    abbrev = {"customer-support": "CS", "it-services": "IT", "finance-accounting": "FA", "back-office": "BO"}
    return ",".join(abbrev[t] for t in TYPES if t in types) or "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_real = os.environ.get("BPOLINT_REAL_CORPUS") or str(ROOT.parent / "shared" / "corpora" / "real")
    ap.add_argument("--real", default=default_real, help="root of the real-contract corpus")
    ap.add_argument("--only", choices=("real", "corpora"), help="evaluate one label source only")
    ap.add_argument("-v", "--verbose", action="store_true", help="show each type's score and deciding terms")
    args = ap.parse_args(argv)

    cases: list[Case] = []
    if args.only != "corpora":
        cases += real_cases(Path(args.real))
    if args.only != "real":
        cases += corpus_cases()
    if not cases:
        print("no labelled files found", file=sys.stderr)
        return 2

    thresholds = {p.name: p.threshold for p in load_profiles()}
    tp = {t: 0 for t in TYPES}
    fp = {t: 0 for t in TYPES}
    fn = {t: 0 for t in TYPES}
    exact = 0
    width = min(max(len(c.name) for c in cases), 70)
    print(f"{'file':{width}}  {'predicted':11} {'expected':11} ok")
    for case in cases:
        pred, scores, reasons = predict(case.path)
        ok = pred == case.expected
        exact += ok
        for t in TYPES:
            if t in pred and t in case.expected:
                tp[t] += 1
            elif t in pred:
                fp[t] += 1
            elif t in case.expected:
                fn[t] += 1
        name = case.name if len(case.name) <= width else case.name[: width - 1] + "\u2026"
        print(f"{name:{width}}  {short(pred):11} {short(case.expected):11} {'yes' if ok else 'NO'}")
        if args.verbose or not ok:
            detail = "  ".join(f"{short(frozenset([t]))}={scores.get(t, 0):.1f}/{thresholds.get(t, 0):g}" for t in TYPES)
            print(f"{'':{width}}    scores {detail}")
            for t in TYPES:
                if reasons.get(t) and (args.verbose or t in pred ^ case.expected):
                    print(f"{'':{width}}    {short(frozenset([t]))}: {', '.join(reasons[t])}")
            if not ok and case.reason:
                print(f"{'':{width}}    label: {case.reason}")

    n = len(cases)
    print()
    print(f"exact-set accuracy: {exact}/{n} = {exact / n:.2f}")
    print(f"{'type':20} {'prec':>5} {'rec':>5} {'f1':>5}   tp fp fn")
    for t in TYPES:
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 1.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{t:20} {p:5.2f} {r:5.2f} {f:5.2f}   {tp[t]:2} {fp[t]:2} {fn[t]:2}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
