"""OCR benchmark: sohoa against plain tesseract and OCRmyPDF on three sources of pages, in one run.

    .venv/bin/python benchmarks/ocr_bench.py --quick --real /tmp/real-pages     # all three sources
    .venv/bin/python benchmarks/ocr_bench.py --sources dev-set --engines sohoa,tesseract --limit 5
    .venv/bin/python benchmarks/ocr_bench.py --json results.json --worst 5

Sources (`--sources`, all by default; a missing folder is skipped with a note):
  generator  the project's own pages (tests/synth): every document type, four font families, clean 300 dpi
             PNG / office scan JPEG / phone photo, every other page with a red seal, and text-layer PDFs
  dev-set    every file of the independent development set (`--dev-set`, default ../shared/dev-set):
             reference text from truth.jsonl, level `text-layer` or its degradation (clean/office/phone)
  real       public real pages from a folder (`--real`, default $SOHOA_REAL_PAGES), no reference text

Every file is read by each engine in turn (interleaved file by file, `--workers` files at a time), each in
a fresh process: sohoa's `run_ocr` (one page at a time, a worker's modules loaded), plain `tesseract -l vie`
(PDF pages rendered at 300 dpi first), `ocrmypdf -l vie --deskew --clean` (--force-ocr on PDFs). Metrics:

  word F1     score.py's rule: NFC, lower case, dot/underscore leaders removed, order-insensitive multisets;
              the mean over the files of a group (a failed file counts 0)
  CER         edits / reference characters, NFC, whitespace collapsed, pooled (reading order counts)
  dict words  output tokens that are Vietnamese syllables or English words (/usr/share/dict/words)
  s/page      seconds of the engine on the file ÷ its pages
  peak RSS    sohoa: the worker + its largest tesseract child; tesseract, ocrmypdf: their largest process
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import bench_report, bench_sources  # noqa: E402 - needs the project root on the path
from benchmarks.bench_engines import ENGINES, run_file  # noqa: E402
from benchmarks.bench_scoring import cer_counts, dictionary_words, english_words, word_f1  # noqa: E402

SOURCES = bench_report.SOURCES


def gather(args, folder: str) -> tuple[list[dict], list[str]]:
    """The items of the chosen sources, and a note for each source that was skipped."""
    items, notes = [], []
    if "generator" in args.sources:
        print(f"generating pages in {folder} ...", file=sys.stderr)
        items += bench_sources.generator_items(args.pages, folder, args.workers)[: args.limit]
    for source, where, load in (("dev-set", args.dev_set, bench_sources.dev_set_items),
                                ("real", args.real, bench_sources.real_items)):
        if source not in args.sources:
            continue
        if not where or not Path(where).is_dir():
            notes.append(f"{source}: skipped, no folder ({where or 'set --real or SOHOA_REAL_PAGES'})")
            continue
        items += load(Path(where))[: args.limit]
    return items, notes


def score_run(item: dict, run: dict, english: frozenset[str]) -> dict:
    run = {**run, "dict_words": dictionary_words(run["text"], english)}
    if item["truth"] is not None:
        edits, chars = cer_counts(run["text"], item["truth"])
        run.update(f1=word_f1(run["text"], item["truth"]), edits=edits, chars=chars)
    return run


def bench_file(item: dict, engines: list[str], timeout: float, english: frozenset[str]) -> dict:
    runs = {e: score_run(item, run_file(e, item["path"], timeout), english) for e in engines}
    brief = ", ".join(f"{e} {r['seconds']:.1f} s" + (" FAILED" if r["error"] else "") for e, r in runs.items())
    print(f"  {item['source']}/{item['name']}: {brief}", file=sys.stderr)
    return {"item": item, "runs": runs}


def text_layer_speed(records: list[dict]) -> str:
    """sohoa on one long PDF merged from the generator's text-layer PDFs (pages per second)."""
    from ocr.pipeline import OcrOptions, run_ocr
    from tests.synth import merge_pdfs

    pdfs = [Path(r["item"]["path"]).read_bytes() for r in records
            if r["item"]["source"] == "generator" and r["item"]["level"] == "text-layer"]
    if not pdfs:
        return ""
    big = merge_pdfs(*pdfs * max(1, 120 // len(pdfs)))
    start = time.perf_counter()
    pages = len(run_ocr(big, "application/pdf", OcrOptions()).pages)
    return f"text-layer PDF speed (sohoa): {pages / (time.perf_counter() - start):.0f} pages/s over {pages} pages"


def worst_pages(records: list[dict], engine: str, n: int) -> str:
    """The n files with the lowest word F1, each with a word diff (reference → read)."""
    from tests.synth.metrics import normalise

    scored = sorted((r for r in records if "f1" in r["runs"][engine]), key=lambda r: r["runs"][engine]["f1"])
    lines = []
    for r in scored[:n]:
        lines.append(f"--- {r['item']['source']}/{r['item']['name']} ({r['item']['path']}): "
                     f"F1 {r['runs'][engine]['f1']:.3f}")
        a, b = normalise(r["item"]["truth"]).split(), normalise(r["runs"][engine]["text"]).split()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag != "equal":
                lines.append(f"    {tag:7} {' '.join(a[i1:i2])!r} → {' '.join(b[j1:j2])!r}")
    return "\n".join(lines)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=24, help="generator: scanned pages per degradation level")
    parser.add_argument("--quick", action="store_true", help="generator: 6 pages per level")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--sources", default=",".join(SOURCES))
    parser.add_argument("--dev-set", default=str(ROOT.parent / "shared" / "dev-set"))
    parser.add_argument("--real", default=os.environ.get("SOHOA_REAL_PAGES", ""))
    parser.add_argument("--limit", type=int, default=None, help="at most N files of each source")
    parser.add_argument("--workers", type=int, default=2, help="files read at the same time")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds one engine may take on one file")
    parser.add_argument("--json", help="write the per-file results to this file")
    parser.add_argument("--worst", type=int, default=0, metavar="N",
                        help="print the N files of each engine with the lowest word F1, with a word diff")
    args = parser.parse_args()
    if args.quick:
        args.pages = 6
    args.engines = [e for e in args.engines.split(",") if e]
    args.sources = [s for s in args.sources.split(",") if s]
    for e in args.engines:
        if e not in ENGINES:
            parser.error(f"unknown engine {e}")
    for s in args.sources:
        if s not in SOURCES:
            parser.error(f"unknown source {s}")
    if "ocrmypdf" in args.engines and not shutil.which("ocrmypdf"):
        parser.error("ocrmypdf is not installed: run scripts/setup.sh --bench")
    return args


def main() -> None:
    args = parse_args()
    load, began = os.getloadavg(), time.perf_counter()
    folder = tempfile.mkdtemp(prefix="sohoa-bench-")
    try:
        items, notes = gather(args, folder)
        english = english_words()
        if not english:
            notes.append("no /usr/share/dict/words: dictionary words count Vietnamese syllables only")
        print(f"reading {len(items)} files with {', '.join(args.engines)} ...", file=sys.stderr)
        with ThreadPoolExecutor(args.workers) as pool:  # threads only wait on the runner processes
            records = list(pool.map(lambda it: bench_file(it, args.engines, args.timeout, english), items))
        speed = text_layer_speed(records) if "sohoa" in args.engines else ""
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out = [f"{len(records)} files, {sum(r['item']['pages'] for r in records)} pages; load average at start "
           f"{load[0]:.2f} ({os.cpu_count()} cores); {args.workers} files at a time", *notes, "",
           bench_report.table(records, args.engines), "", *bench_report.ratios(records, args.engines)]
    out += ([speed] if speed else []) + ["", "targets:", *bench_report.targets(records, args.engines), ""]
    out += bench_report.pages_to_look_at(records, args.engines)
    out.append(f"benchmark wall time: {(time.perf_counter() - began) / 60:.1f} min")
    print("\n".join(out))
    for engine in args.engines if args.worst else ():
        print(f"\nworst files of {engine}:\n{worst_pages(records, engine, args.worst)}")
    if args.json:
        rows = [{"item": {k: v for k, v in r["item"].items() if k != "truth"}, "runs": r["runs"]} for r in records]
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
