"""OCR benchmark: sohoa against plain tesseract and OCRmyPDF, in one run on the same generated pages.

    .venv/bin/python benchmarks/ocr_bench.py            # 24 pages per level (72 scans) + text-layer PDFs
    .venv/bin/python benchmarks/ocr_bench.py --quick    # 6 pages per level, a few minutes
    .venv/bin/python benchmarks/ocr_bench.py --pages 12 --engines sohoa,tesseract

Pages come from the project's labelled generator (tests/synth): every document type, four font families,
three degradation levels (clean 300 dpi PNG; office scan 200-300 dpi JPEG, half colour half gray; phone
photo colour JPEG), every other page with a red seal over text. Each engine runs as its own process with
2 pages at a time (the machine's cores; tesseract single-threaded), so peak memory and throughput are
measured alike. Metrics:

  CER      edits / reference characters, NFC, whitespace collapsed, pooled over the pages of a level
           (reading order counts: a table read column by column scores badly)
  BoW      bag-of-words error = 1 − F1 of the word multisets (order-insensitive: only misread, missing
           and spurious words count)
  pages/min  wall-clock throughput over all scanned pages
  peak RSS   largest single process of the engine (python worker or tesseract/gs/unpaper child)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["OMP_THREAD_LIMIT"] = "1"

LEVELS = ("clean", "office", "phone")
ENGINES = ("sohoa", "tesseract", "ocrmypdf")
WORKERS = 2


# Data set ----------------------------------------------------------------------------------------------
def page_specs(per_level: int) -> list[dict]:
    from tests.synth import DOC_TYPES
    from tests.synth.layout import FAMILIES

    specs = []
    for level in LEVELS:
        for i in range(per_level):
            doc_type = DOC_TYPES[i % len(DOC_TYPES)]
            colour = level != "office" or i % 2 == 1
            specs.append({"name": f"{level}-{i:02d}-{doc_type}", "level": level, "doc_type": doc_type,
                          "seed": 1000 + i, "family": FAMILIES[(i // 2) % len(FAMILIES)],
                          "stamp": i % 2 == 0 and doc_type != "cccd", "colour": colour})
    return specs


def make_page(spec: dict, folder: str) -> dict:
    from tests.synth import degrade, ground_truth_text, make_document, render, to_bytes

    doc = make_document(spec["doc_type"], spec["seed"])
    family = "sans" if doc.page == "card" else spec["family"]
    dpi = 300 if doc.page == "card" and spec["level"] == "clean" else None  # a card on a 300 dpi scanner
    image = render(doc, dpi=dpi, stamp=spec["stamp"], family=family)
    out, applied = degrade(image, spec["level"], spec["seed"], jpeg=False)
    if spec["level"] == "clean":
        data, ext = to_bytes(out, "PNG", grayscale=not spec["colour"]), "png"
    else:
        data = to_bytes(out, "JPEG", quality=applied.jpeg_quality or 90, grayscale=not spec["colour"])
        ext = "jpg"
    path = Path(folder) / f"{spec['name']}.{ext}"
    path.write_bytes(data)
    return {**spec, "path": str(path), "truth": ground_truth_text(doc), "dpi": applied.dpi,
            "angle": applied.angle}


def text_pdfs(n: int, folder: str) -> list[dict]:
    from tests.synth import DOC_TYPES, ground_truth_text, make_document, text_pdf

    out = []
    for i in range(n):
        doc = make_document(DOC_TYPES[i % len(DOC_TYPES)], 2000 + i)
        path = Path(folder) / f"text-{i:02d}-{doc.doc_type}.pdf"
        path.write_bytes(text_pdf(doc))
        out.append({"name": path.stem, "level": "text-pdf", "path": str(path), "truth": ground_truth_text(doc)})
    return out


# Metrics -----------------------------------------------------------------------------------------------
def bow_error(hyp: str, ref: str) -> tuple[int, int, int]:
    """(matched, hypothesis words, reference words) of the word multisets."""
    from tests.synth.metrics import normalise

    h, r = Counter(normalise(hyp).split()), Counter(normalise(ref).split())
    return sum((h & r).values()), sum(h.values()), sum(r.values())


def score(results: list[dict]) -> dict:
    from tests.synth.metrics import levenshtein, normalise

    edits = chars = matched = hyp_words = ref_words = 0
    for r in results:
        ref, hyp = normalise(r["truth"]), normalise(r["text"])
        edits += levenshtein(hyp, ref)
        chars += len(ref)
        m, h, w = bow_error(r["text"], r["truth"])
        matched, hyp_words, ref_words = matched + m, hyp_words + h, ref_words + w
    f1 = 2 * matched / (hyp_words + ref_words) if hyp_words + ref_words else 1.0
    return {"cer": edits / max(chars, 1), "bow": 1 - f1, "pages": len(results)}


# Engines (each runs inside its own runner process) -------------------------------------------------------
def _sohoa_page(path: str) -> dict:
    from ingest.sniff import sniff
    from ocr.pipeline import OcrOptions, run_ocr

    data = Path(path).read_bytes()
    start = time.perf_counter()
    result = run_ocr(data, sniff(data[:1024]) or "", OcrOptions(jobs=1))
    total = time.perf_counter() - start
    tess = sum(p.timings.get("tesseract", 0.0) for p in result.pages)
    return {"text": result.text, "seconds": total, "tesseract_seconds": tess,
            "pdf_bytes": len(result.searchable_pdf or b""), "input_bytes": len(data)}


def _tesseract_page(path: str) -> dict:
    start = time.perf_counter()
    out = subprocess.run(["tesseract", path, "-", "-l", "vie"], capture_output=True, check=False)
    return {"text": out.stdout.decode("utf-8", "replace"), "seconds": time.perf_counter() - start}


def _ocrmypdf_page(path: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-ocrmypdf-") as tmp:
        sidecar, pdf = Path(tmp) / "out.txt", Path(tmp) / "out.pdf"
        start = time.perf_counter()
        done = subprocess.run(["ocrmypdf", "-l", "vie", "--deskew", "--clean", "--jobs", "1", "--sidecar",
                               str(sidecar), path, str(pdf)], capture_output=True, check=False)
        seconds = time.perf_counter() - start
        text = sidecar.read_text(encoding="utf-8", errors="replace") if sidecar.exists() else ""
        error = "" if done.returncode == 0 else done.stderr.decode("utf-8", "replace")[-300:]
        return {"text": text, "seconds": seconds, "pdf_bytes": pdf.stat().st_size if pdf.exists() else 0,
                "error": error}


def run_engine(engine: str, paths: list[str]) -> dict:
    """In the runner process: all pages, WORKERS at a time; wall time and peak memory."""
    start = time.perf_counter()
    if engine == "sohoa":
        with ProcessPoolExecutor(WORKERS) as pool:
            pages = list(pool.map(_sohoa_page, paths))
    else:
        fn = _tesseract_page if engine == "tesseract" else _ocrmypdf_page
        with ThreadPoolExecutor(WORKERS) as pool:  # threads only wait on the external processes
            pages = list(pool.map(fn, paths))
    wall = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"engine": engine, "wall": wall, "pages": pages, "peak_rss_mb": max(own, children) / 1024,
            "runner_rss_mb": own / 1024}


def spawn_runner(engine: str, paths: list[str], tmp: str) -> dict:
    manifest = Path(tmp) / f"{engine}-in.json"
    result = Path(tmp) / f"{engine}-out.json"
    manifest.write_text(json.dumps(paths))
    subprocess.run([sys.executable, __file__, "--runner", engine, str(manifest), str(result)], check=True)
    return json.loads(result.read_text())


def text_layer_bench(pdfs: list[dict], repeat: int) -> dict:
    """Text-layer PDFs: exactness per document, throughput on one long merged PDF."""
    from ocr.pipeline import OcrOptions, run_ocr
    from tests.synth import merge_pdfs

    results = []
    for p in pdfs:
        r = run_ocr(Path(p["path"]).read_bytes(), "application/pdf", OcrOptions())
        results.append({**p, "text": r.text})
    big = merge_pdfs(*[Path(p["path"]).read_bytes() for p in pdfs] * repeat)
    start = time.perf_counter()
    r = run_ocr(big, "application/pdf", OcrOptions())
    seconds = time.perf_counter() - start
    assert all(p.source == "text-layer" for p in r.pages)
    return {**score(results), "pages_per_second": len(r.pages) / seconds, "throughput_pages": len(r.pages)}


def worker_memory(spec_page: dict) -> dict:
    """Peak RSS of a worker (job module imported: OCR + extraction) on one 300-dpi A4 page, fresh process."""
    code = f"""
import resource, json, sys
sys.path.insert(0, {str(ROOT)!r})
import workers.jobs  # what an RQ work horse has loaded
from extract import analyze
from ocr.pipeline import OcrOptions, run_ocr
from pathlib import Path
data = Path({spec_page['path']!r}).read_bytes()
r = run_ocr(data, "image/png", OcrOptions(jobs=1))
analyze(r.pages)
print(json.dumps({{"python_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "tesseract_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# Report ------------------------------------------------------------------------------------------------
def worst_pages(pages: list[dict], run: dict, n: int) -> str:
    """The n pages with the highest CER, each with a word diff (truth → read) of what went wrong."""
    import difflib

    from tests.synth.metrics import levenshtein, normalise

    rows = []
    for page, out in zip(pages, run["pages"], strict=True):
        ref, hyp = normalise(page["truth"]), normalise(out["text"])
        rows.append((levenshtein(hyp, ref) / max(len(ref), 1), levenshtein(hyp, ref), page, ref, hyp))
    rows.sort(key=lambda r: -r[1])
    lines = []
    for cer, edits, page, ref, hyp in rows[:n]:
        lines.append(f"--- {page['name']} ({page['path']}): CER {100 * cer:.2f} % ({edits} edits)")
        a, b = ref.split(), hyp.split()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag != "equal":
                lines.append(f"    {tag:7} {' '.join(a[i1:i2])!r} → {' '.join(b[j1:j2])!r}")
    return "\n".join(lines)


def report(pages: list[dict], runs: dict[str, dict], text: dict, memory: dict, args, elapsed: float) -> str:
    lines = [f"pages: {len(pages)} scans ({args.pages} per level) + {text['pages']} text-layer PDFs; "
             f"load average at start {args.load[0]:.2f} ({os.cpu_count()} cores)", ""]
    head = "| engine | " + " | ".join(f"CER {lv} | BoW {lv}" for lv in LEVELS) + \
           " | pages/min | peak RSS MB |"
    lines += [head, "|" + "---|" * (2 + 2 * len(LEVELS) + 1)]
    for engine, run in runs.items():
        cells = []
        for level in LEVELS:
            rs = [{**p, **out} for p, out in zip(pages, run["pages"], strict=True) if p["level"] == level]
            s = score(rs)
            cells.append(f"{100 * s['cer']:.2f} % | {100 * s['bow']:.2f} %")
        ppm = 60 * len(pages) / run["wall"]
        lines.append(f"| {engine} | " + " | ".join(cells) + f" | {ppm:.1f} | {run['peak_rss_mb']:.0f} |")
    lines.append("")
    if "sohoa" in runs:
        sp = runs["sohoa"]["pages"]
        total = sum(p["seconds"] for p in sp)
        tess = sum(p["tesseract_seconds"] for p in sp)
        pdf = sum(p["pdf_bytes"] for p in sp)
        inp = sum(p["input_bytes"] for p in sp)
        lines.append(f"sohoa overhead (all but tesseract): {100 * (1 - tess / total):.1f} % of page time "
                     f"({total / len(sp):.2f} s/page, tesseract {tess / len(sp):.2f} s/page, one process)")
        lines.append(f"searchable PDFs: {pdf / 1e6:.1f} MB for {inp / 1e6:.1f} MB of scans")
        if "ocrmypdf" in runs:
            ratio = runs["ocrmypdf"]["wall"] / runs["sohoa"]["wall"]
            lines.append(f"throughput vs OCRmyPDF: {ratio:.1f}×")
    lines.append(f"text-layer PDFs: CER {100 * text['cer']:.3f} %, {text['pages_per_second']:.0f} pages/s "
                 f"(over {text['throughput_pages']} pages)")
    lines.append(f"worker peak RSS on a 300-dpi A4 page: python {memory['python_mb']:.0f} MB + tesseract "
                 f"{memory['tesseract_mb']:.0f} MB")
    lines.append(f"benchmark wall time: {elapsed / 60:.1f} min")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=24, help="scanned pages per degradation level")
    parser.add_argument("--quick", action="store_true", help="6 pages per level")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--keep", help="write the pages and per-page results to this folder")
    parser.add_argument("--worst", type=int, default=0, metavar="N",
                        help="print the N worst pages of each engine with a word diff (truth → read)")
    parser.add_argument("--runner", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runner:
        engine, manifest, out = args.runner
        Path(out).write_text(json.dumps(run_engine(engine, json.loads(Path(manifest).read_text()))))
        return
    if args.quick:
        args.pages = 6
    engines = [e for e in args.engines.split(",") if e]
    for e in engines:
        if e not in ENGINES:
            parser.error(f"unknown engine {e}")
    if "ocrmypdf" in engines and not shutil.which("ocrmypdf"):
        parser.error("ocrmypdf is not installed: run scripts/setup.sh --bench")
    args.load = os.getloadavg()
    began = time.perf_counter()
    tmp = args.keep or tempfile.mkdtemp(prefix="sohoa-bench-")
    Path(tmp).mkdir(parents=True, exist_ok=True)
    specs = page_specs(args.pages)
    print(f"generating {len(specs)} pages in {tmp} ...", file=sys.stderr)
    with ProcessPoolExecutor(WORKERS) as pool:
        pages = list(pool.map(make_page, specs, [tmp] * len(specs)))
    pdfs = text_pdfs(max(6, args.pages), tmp)
    runs = {}
    for engine in engines:
        print(f"running {engine} ...", file=sys.stderr)
        runs[engine] = spawn_runner(engine, [p["path"] for p in pages], tmp)
    text = text_layer_bench(pdfs, repeat=max(1, 120 // len(pdfs)))
    a4 = next(p for p in pages if p["level"] == "clean" and p["doc_type"] != "cccd")
    memory = worker_memory(a4)
    table = report(pages, runs, text, memory, args, time.perf_counter() - began)
    if args.keep:
        Path(tmp, "results.json").write_text(json.dumps({"pages": pages, "runs": runs}, ensure_ascii=False))
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    print(table)
    if args.worst:
        for engine, run in runs.items():
            print(f"\nworst pages of {engine}:")
            print(worst_pages(pages, run, args.worst))


if __name__ == "__main__":
    main()
