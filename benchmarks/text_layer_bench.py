"""Text layers: pdfium (what `ocr.load` reads them with) against pdfplumber on the same PDFs, in one run.

    .venv/bin/python benchmarks/text_layer_bench.py [--dev-set ../shared/dev-set] [--rounds 5]

Each text-layer PDF of the development set is read `--rounds` times by each library, alternately: pdfium via
`ocr.load.load_pages` (NFC text and word boxes, as the worker reads it), pdfplumber via `extract_text` and
`extract_words` (the text and word boxes the extractor would take from it). Printed per file: the median
seconds of each and the word F1 of each against the set's reference text (score.py's rule).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_scoring import word_f1  # noqa: E402


def with_pdfium(data: bytes) -> str:
    from ocr.load import load_pages

    pages = load_pages(data, "application/pdf", dpi=300, max_pages=200, max_pixels=60_000_000, decode=False)
    return "\n\f\n".join(p.text or "" for p in pages)


def with_pdfplumber(data: bytes) -> str:
    import pdfplumber

    texts = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_words()  # the boxes the extractor needs, as pdfium's reading gives them
            texts.append(unicodedata.normalize("NFC", page.extract_text() or ""))
    return "\n\f\n".join(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev-set", type=Path, default=ROOT.parent / "shared" / "dev-set")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    truth = [json.loads(line) for line in (args.dev_set / "truth.jsonl").open(encoding="utf-8")]
    items = [t for t in truth if t["has_text_layer"]]
    readers = {"pdfium": with_pdfium, "pdfplumber": with_pdfplumber}
    totals = dict.fromkeys(readers, 0.0)
    print("| file | pages | pdfium s | pdfplumber s | ratio | word F1 pdfium | word F1 pdfplumber |")
    print("|---|---|---|---|---|---|---|")
    for item in items:
        data = (args.dev_set / item["file"]).read_bytes()
        times: dict[str, list[float]] = {name: [] for name in readers}
        texts: dict[str, str] = {}
        for _ in range(args.rounds):
            for name, read in readers.items():
                start = time.perf_counter()
                texts[name] = read(data)
                times[name].append(time.perf_counter() - start)
        median = {name: statistics.median(ts) for name, ts in times.items()}
        for name in readers:
            totals[name] += median[name]
        pages = texts["pdfium"].count("\f") + 1
        print(f"| {Path(item['file']).name} | {pages} | {median['pdfium']:.4f} | {median['pdfplumber']:.4f} | "
              f"{median['pdfplumber'] / median['pdfium']:.1f}× | {word_f1(texts['pdfium'], item['text']):.3f} | "
              f"{word_f1(texts['pdfplumber'], item['text']):.3f} |")
    print(f"\nall {len(items)} files: pdfium {totals['pdfium']:.3f} s, pdfplumber {totals['pdfplumber']:.3f} s "
          f"({totals['pdfplumber'] / totals['pdfium']:.1f}× pdfium's time)")


if __name__ == "__main__":
    main()
