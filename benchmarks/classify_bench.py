"""Document-type accuracy on reference text, independent of OCR: each labelled file's text (pages split on
form feeds) is fed as text-layer pages to `extract.classify.classify` and `extract.analyze_parts`.

    .venv/bin/python benchmarks/classify_bench.py                          # the shared dev-set
    .venv/bin/python benchmarks/classify_bench.py --truth other.jsonl --no-marks
    .venv/bin/python benchmarks/classify_bench.py --ocr DIR --margins   # also `sohoa analyze --json` outputs

Prints accuracy per true type, the confusions and the confidences; `--no-marks` also strips every
diacritic (what a poor scan gives) to show how much of the decision rests on the marks.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.classify import classify, scores  # noqa: E402
from ocr.types import PageText  # noqa: E402

DEV_SET = Path("/work/shared/dev-set/truth.jsonl")


def _no_marks(text: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return base.replace("đ", "d").replace("Đ", "D")


def _pages(text: str) -> list[PageText]:
    return [PageText(number=i, text=t, source="text-layer", confidence=100.0)
            for i, t in enumerate(text.split("\f"), 1)]


def _report(name: str, rows: list[tuple[str, str, float]]) -> None:
    per: dict[str, Counter] = defaultdict(Counter)
    for truth, got, _ in rows:
        per[truth][got] += 1
    right = sum(truth == got for truth, got, _ in rows)
    print(f"\n{name}: {right}/{len(rows)} right")
    for truth in sorted(per):
        n = sum(per[truth].values())
        wrong = {g: c for g, c in per[truth].items() if g != truth}
        confs = [c for t, g, c in rows if t == truth and g == truth]
        low = f"  min conf {min(confs):.2f}" if confs else ""
        print(f"  {truth:30} {per[truth][truth]:2}/{n:<2}{low}  {'confused: ' + str(wrong) if wrong else ''}")


def _margin(text: str) -> str:
    ranked = sorted(scores(text).items(), key=lambda kv: kv[1], reverse=True)[:2]
    (a, x), (b, y) = ranked
    return f"{a} {x:.1f} / {b} {y:.1f} (margin {(x - y) / x if x else 0:.2f})"


def _ocr_text(folder: Path, item: dict) -> str | None:
    """The text `sohoa analyze FILE --json` read from the item's file, when saved as `folder/<name>.json`."""
    path = folder / (Path(item["file"]).name + ".json")
    if not path.exists():
        return None
    try:
        out = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:  # a run still writing it, or one that failed
        return None
    return out.get("text") if isinstance(out, dict) else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", type=Path, default=DEV_SET)
    ap.add_argument("--no-marks", action="store_true", help="also run on the text with every diacritic dropped")
    ap.add_argument("--parts", action="store_true", help="also run extract.analyze_parts (loads spaCy)")
    ap.add_argument("--ocr", type=Path, help="folder of `sohoa analyze FILE --json` outputs, one per file")
    ap.add_argument("--margins", action="store_true", help="print the two best scores of every text")
    args = ap.parse_args()
    items = [json.loads(line) for line in args.truth.read_text(encoding="utf-8").splitlines() if line.strip()]
    variants = [("reference text", lambda t: t)] + ([("no marks", _no_marks)] if args.no_marks else [])
    for name, damage in variants:
        rows = []
        for item in items:
            text = damage(item["text"])
            got, conf = classify(text)
            rows.append((item["doc_type"], got, conf))
            if args.margins:
                print(f"  {item['doc_type']:24} {got:24} {conf:.2f}  {_margin(text)}")
        _report(f"classify, {name}", rows)
        if args.parts:
            from extract import analyze_parts

            rows = []
            for item in items:
                parts = analyze_parts(_pages(damage(item["text"])))
                got = parts[0].extraction.doc_type if len(parts) == 1 else f"split:{len(parts)}"
                rows.append((item["doc_type"], got, parts[0].extraction.doc_type_confidence))
            _report(f"analyze_parts, {name}", rows)
    if args.ocr:
        rows = []
        for item in items:
            text = _ocr_text(args.ocr, item)
            if text is None:
                continue
            got, conf = classify(text)
            rows.append((item["doc_type"], got, conf))
            if args.margins:
                print(f"  {item['doc_type']:24} {item['degradation']:7} {got:24} {conf:.2f}  {_margin(text)}")
        _report(f"classify, OCR text of {args.ocr}", rows)


if __name__ == "__main__":
    main()
