"""Extraction and completeness benchmark: generated dossiers, scanned three ways, read by sohoa end to end.

    .venv/bin/python benchmarks/extract_bench.py            # 96 dossiers (~315 pages) per level
    .venv/bin/python benchmarks/extract_bench.py --quick    # 12 dossiers per level
    .venv/bin/python benchmarks/extract_bench.py --errors   # also list every mismatch (field, type, verdict)
    .venv/bin/python benchmarks/extract_bench.py --quick --layouts default   # every paper in its first layout
    .venv/bin/python benchmarks/extract_bench.py --quick --layouts handfilled,a4_copy

Dossiers come from the project's labelled generator (tests/synth/dossier.py) for the three procedures
(1.001193 birth, 1.000894 marriage, 1.004222 residence), in turn; every fourth dossier is defective, the
defects taken in turn from tests.synth.DEFECTS (a component dropped; a name, birth date or ID that differs
between papers; a CCCD number that contradicts its holder's birth year or sex; a name typed with the other
tone placement, which is the same name and must not be reported). The labels — document type, contract
fields, missing components, expected inconsistency codes — are what the generator printed, never what
sohoa read.

Papers are printed in the generator's named layouts (tests/synth/variants.py LAYOUTS: a value on its label's
line or the next, hand-filled over dotted lines, CT01 digit boxes, a ruled party table; the 2021, 2016 and 2024
ID cards and a card photocopied on A4). `--layouts all` (the default) cycles each procedure's dossiers through
them, `default` prints every paper in its type's first layout (the only one before layouts existed), `random`
draws one per paper, a comma list of names cycles through those (a paper without the layout keeps its first).

Each paper is one file, rendered and degraded like benchmarks/ocr_bench.py does (clean 300 dpi PNG; office
scan 200-300 dpi JPEG, every other dossier in gray; phone photo, colour JPEG), read by the real OCR
(`ocr.pipeline.run_many`, one process per file, 2 at a time, OMP_THREAD_LIMIT=1) and then by what the worker
runs (`workers/pipeline.py`): its extraction half (`understand`) per file, `extract.completeness.check` per
dossier over the documents it finds. Rendered pages and OCR results are cached on disk (`--cache`, default
`~/.cache/sohoa-bench/extract`), keyed by the generator's and the OCR's source and by the page bytes, so a
re-run after a change to `extract/` only re-runs extraction.

Printed per level:
  type acc      documents whose type is right (a file split into several parts counts as wrong)
  field P/R/F1  per contract field and micro-averaged; values compared normalised (NFC, spaces collapsed);
                a wrong value is a false positive and a false negative
  verdict acc   dossiers whose `complete` flag AND exact set of missing components are right
  incons.       recall: dossiers with an expected inconsistency whose code is reported; false alarms:
                dossiers without one (consistent papers, incl. tone-placement variants) that get any
  extract ms/page  extraction + completeness time per page, one process (OCR excluded), beside OCR s/page
Then per layout and level: papers drawn in it, their type accuracy and field micro F1, and the verdict accuracy
of the dossiers holding at least one paper in it (a dossier counts under each of its papers' layouts).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import pickle
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["OMP_THREAD_LIMIT"] = "1"

LEVELS = ("clean", "office", "phone")
WORKERS = 2
DEFAULT_CACHE = Path.home() / ".cache" / "sohoa-bench" / "extract"


# Data set ----------------------------------------------------------------------------------------------
BLOCK = 48


def layout_choice(layouts: str, j: int) -> str | int | None:
    """What dossier `j` asks the generator for: its number within its procedure indexes the layouts, so every
    procedure's papers go through all of theirs."""
    if layouts == "default":
        return None
    if layouts in ("all", "random"):
        return j // 3 if layouts == "all" else "random"
    names = layouts.split(",")
    return names[(j // 3) % len(names)]


def bench_dossiers(n: int, seed: int = 0, layouts: str = "all") -> list:
    """`n` dossiers in blocks of 48 (block b is data set `seed + b`); in a block the procedures come in turn
    and every fourth dossier carries the next defect of DEFECTS in turn."""
    from tests.synth import DEFECTS, PROCEDURES, make_dossier

    out = []
    for j in range(n):
        block, i = divmod(j, BLOCK)
        defect = DEFECTS[(i // 4) % len(DEFECTS)] if i % 4 == 3 else None
        out.append(make_dossier(PROCEDURES[i % len(PROCEDURES)], 7000 + (seed + block) * 1000 + i, defect,
                                layout_choice(layouts, j)))
    return out


@functools.lru_cache(maxsize=2)
def _dossiers(n: int, seed: int, layouts: str) -> list:
    return bench_dossiers(n, seed, layouts)


def source_hash(*folders: str) -> str:
    """Hash of the sources and data files under `folders` (or these files): a change there (code, or a word
    list the OCR reads) invalidates what was cached from them."""
    h = hashlib.sha256()
    for folder in folders:
        top = ROOT / folder
        files = [p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts] if top.is_dir() \
            else [top]
        for path in sorted(files):
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def page_specs(dossiers: list, levels: tuple[str, ...]) -> list[dict]:
    from tests.synth.layout import FAMILIES

    specs = []
    for level in levels:
        for d_index, dossier in enumerate(dossiers):
            for i_index, item in enumerate(dossier.items):
                specs.append({"level": level, "dossier": d_index, "item": i_index,
                              "procedure": dossier.procedure, "seed": dossier.seed, "name": item.name,
                              "family": FAMILIES[d_index % len(FAMILIES)],
                              "colour": level != "office" or d_index % 2 == 1})
    return specs


RENDER_SOURCES = ("tests/synth/render.py", "tests/synth/layout.py", "tests/synth/degrade.py",
                  "tests/synth/__init__.py")


def _render(spec: dict, dossiers_args: tuple[int, int, str], cache: str, synth: str) -> str:
    """Render and degrade one paper (in a pool process); the path of the encoded page in the cache, keyed by
    what is printed and how it is drawn, so a generator change re-renders only the papers it changed."""
    from tests.synth import degrade, render, to_bytes
    from tests.synth.layout import has_card

    dossier = _dossiers(*dossiers_args)[spec["dossier"]]
    doc = dossier.items[spec["item"]].doc
    printed = [repr(doc.lines), doc.qr, doc.stamp, doc.page, doc.doc_type, doc.seed, doc.layout, doc.sides,
               list(doc.card_at), list(doc.shift)]
    drawn = {k: spec[k] for k in ("level", "seed", "item", "family", "colour")}
    key = hashlib.sha256(json.dumps([drawn, printed, synth], sort_keys=True).encode()).hexdigest()[:24]
    level = spec["level"]
    ext = "png" if level == "clean" else "jpg"
    path = Path(cache) / "pages" / f"{key}.{ext}"
    if path.exists():
        return str(path)
    family = "sans" if has_card(doc) else spec["family"]
    dpi = 300 if doc.page == "card" and level == "clean" else None  # a card on a 300 dpi scanner
    image = render(doc, dpi=dpi, stamp=bool(doc.stamp), family=family)
    out, applied = degrade(image, level, spec["seed"] * 100 + spec["item"], jpeg=False)
    if level == "clean":
        data = to_bytes(out, "PNG", grayscale=not spec["colour"])
    else:
        data = to_bytes(out, "JPEG", quality=applied.jpeg_quality or 90, grayscale=not spec["colour"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return str(path)


def ocr_pages(paths: list[str], cache: Path, ocr_src: str) -> tuple[list[dict], dict]:
    """OCR every page file (cached by page bytes and OCR sources): per file {"pages", "seconds"}."""
    from ingest.sniff import sniff
    from ocr.pipeline import OcrOptions, run_many

    folder = cache / "ocr"
    folder.mkdir(parents=True, exist_ok=True)
    keys = []
    for p in paths:
        data = Path(p).read_bytes()
        keys.append(hashlib.sha256(data + ocr_src.encode()).hexdigest()[:32])
    todo = [i for i, k in enumerate(keys) if not (folder / f"{k}.pkl").exists()]
    stats = {"ocr_run_pages": len(todo), "ocr_run_wall": 0.0}
    if todo:
        print(f"OCR of {len(todo)} pages ({len(paths) - len(todo)} cached) ...", file=sys.stderr)
        docs = []
        for i in todo:
            data = Path(paths[i]).read_bytes()
            docs.append((data, sniff(data[:1024]) or ""))
        start = time.perf_counter()
        with ProcessPoolExecutor(WORKERS) as pool:
            results = run_many(docs, OcrOptions(jobs=WORKERS), executor=pool)
            for n, (i, result) in enumerate(zip(todo, results, strict=True), 1):
                out = {"pages": result.pages, "seconds": result.seconds}
                tmp = folder / f"{keys[i]}.tmp"
                tmp.write_bytes(pickle.dumps(out))
                tmp.replace(folder / f"{keys[i]}.pkl")
                if n % 20 == 0:
                    print(f"  {n}/{len(todo)} pages, {time.perf_counter() - start:.0f} s", file=sys.stderr)
        stats["ocr_run_wall"] = time.perf_counter() - start
    return [pickle.loads((folder / f"{k}.pkl").read_bytes()) for k in keys], stats


# Scoring -----------------------------------------------------------------------------------------------
def norm(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(unicodedata.normalize("NFC", value).split()) or None


def labels(doc) -> dict[str, str]:
    """The contract fields the paper carries: the generator's labels of what it printed, plus the old CMND
    number a chip card's QR code holds (tests/synth/cards.py `_qr`), which the card's front does not print
    but the scan of the card does carry."""
    out = dict(doc.fields)
    if doc.qr and doc.extra_fields.get("so_cmnd"):
        out["so_cmnd"] = doc.extra_fields["so_cmnd"]
    return out


def evaluate(dossiers: list, specs: list[dict], ocr: list[dict], level: str, keys: tuple[str, ...]) -> dict:
    """Run extraction + completeness on one level's pages; tallies and error lists."""
    from extract.catalogue import get_procedure
    from extract.completeness import check
    from ocr.types import OcrResult
    from workers.pipeline import understand

    by_dossier: dict[int, list[tuple[dict, dict]]] = defaultdict(list)
    for spec, out in zip(specs, ocr, strict=True):
        if spec["level"] == level:
            by_dossier[spec["dossier"]].append((spec, out))
    tally = {k: Counter() for k in keys}
    r = {"docs": 0, "type_ok": 0, "dossiers": 0, "verdict_ok": 0, "incons_expected": 0, "incons_found": 0,
         "consistent": 0, "false_alarms": 0, "pages": 0, "extract_s": [], "ocr_s": [], "errors": [],
         "type_confusion": Counter()}
    by_layout: dict[str, dict] = defaultdict(lambda: {"docs": 0, "type_ok": 0, "fields": Counter(), "dossiers": 0,
                                                      "verdict_ok": 0})
    for d_index, items in sorted(by_dossier.items()):
        dossier = dossiers[d_index]
        docs, spent, pages = [], 0.0, 0
        for spec, out in items:
            item = dossier.items[spec["item"]]
            file = f"{item.name}.{'png' if level == 'clean' else 'jpg'}"
            start = time.perf_counter()
            read = understand(OcrResult(pages=out["pages"], seconds=out["seconds"]))
            parts = read.parts
            spent += time.perf_counter() - start
            docs += read.documents(file)
            pages += len(out["pages"])
            r["ocr_s"].append(out["seconds"] / max(len(out["pages"]), 1))
            # Document type and fields: what the worker stores in the attachment's columns (the first part).
            ex = parts[0].extraction
            got_type = ex.doc_type if len(parts) == 1 else "+".join(p.extraction.doc_type for p in parts)
            r["docs"] += 1
            mine = by_layout[item.doc.layout]
            mine["docs"] += 1
            mine["type_ok"] += got_type == item.doc.doc_type
            if got_type == item.doc.doc_type:
                r["type_ok"] += 1
            else:
                r["type_confusion"][(item.doc.doc_type, got_type)] += 1
                r["errors"].append(f"{level} {dossier.seed} {file}: type {item.doc.doc_type} read as {got_type}")
            truth = {k: norm(v) for k, v in labels(item.doc).items() if k in keys}
            got = {k: norm(f.value) for k, f in ex.fields.items() if k in keys}
            for k in keys:
                t, g = truth.get(k), got.get(k)
                if t is not None and t == g:
                    tally[k]["tp"] += 1
                    mine["fields"]["tp"] += 1
                    continue
                if g is not None:
                    tally[k]["fp"] += 1
                    mine["fields"]["fp"] += 1
                if t is not None:
                    tally[k]["fn"] += 1
                    mine["fields"]["fn"] += 1
                if t is not None or g is not None:
                    r["errors"].append(f"{level} {dossier.seed} {file}: {k} expected {t!r} got {g!r}")
        start = time.perf_counter()
        verdict = check(get_procedure(dossier.procedure), docs)
        spent += time.perf_counter() - start
        r["extract_s"].append(spent / max(pages, 1))
        r["pages"] += pages
        r["dossiers"] += 1
        tag = f"{level} {dossier.seed} {dossier.procedure} defect={dossier.defect}"
        expected_missing = sorted(dossier.expected_missing)
        right = verdict.complete == (not expected_missing) and sorted(verdict.missing) == expected_missing
        for name in {dossier.items[spec["item"]].doc.layout for spec, _ in items}:
            by_layout[name]["dossiers"] += 1
            by_layout[name]["verdict_ok"] += right
        if right:
            r["verdict_ok"] += 1
        else:
            r["errors"].append(f"{tag}: verdict complete={verdict.complete} missing={verdict.missing}, "
                               f"expected missing={expected_missing}")
        expected = set(dossier.expected_inconsistencies)
        reported = {p.code for p in verdict.inconsistencies}
        if expected:
            r["incons_expected"] += 1
            if expected <= reported:
                r["incons_found"] += 1
            else:
                r["errors"].append(f"{tag}: inconsistency {sorted(expected)} not reported "
                                   f"(reported {sorted(reported)}; {dossier.note})")
        else:
            r["consistent"] += 1
            if reported:
                r["false_alarms"] += 1
                r["errors"].append(f"{tag}: false alarm " + " | ".join(p.message for p in verdict.inconsistencies))
    r["fields"] = tally
    r["by_layout"] = dict(by_layout)
    return r


def prf(c: Counter) -> tuple[float, float, float, int]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
    return p, rec, f1, tp + fn


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} % ({a}/{b})" if b else "—"


def report(results: dict[str, dict], keys: tuple[str, ...], args, meta: dict) -> str:
    levels = list(results)
    lines = [f"{meta['dossiers']} dossiers per level ({meta['defective']} defective: "
             f"{meta['defects']}); {meta['pages']} pages per level; layouts: {args.layouts}; load average at start "
             f"{args.load[0]:.2f} ({os.cpu_count()} cores)", ""]
    lines += ["| per level | " + " | ".join(levels) + " |", "|---|" + "---|" * len(levels)]

    def row(label: str, fn) -> None:
        lines.append(f"| {label} | " + " | ".join(fn(results[lv]) for lv in levels) + " |")

    row("document type accuracy", lambda r: pct(r["type_ok"], r["docs"]))
    for k in keys:
        row(f"`{k}` P / R / F1 (n)",
            lambda r, k=k: "{:.3f} / {:.3f} / {:.3f} ({})".format(*prf(r["fields"][k])))
    row("**field micro F1**", lambda r: "**{:.3f}**".format(prf(sum(r["fields"].values(), Counter()))[2]))
    row("verdict accuracy (complete + exact missing set)", lambda r: pct(r["verdict_ok"], r["dossiers"]))
    row("inconsistency recall", lambda r: pct(r["incons_found"], r["incons_expected"]))
    row("false alarms on consistent dossiers", lambda r: pct(r["false_alarms"], r["consistent"]))
    row("extraction ms/page (mean / p95)",
        lambda r: f"{1000 * statistics.mean(r['extract_s']):.1f} / "
                  f"{1000 * sorted(r['extract_s'])[int(0.95 * (len(r['extract_s']) - 1))]:.1f}")
    row("OCR s/page (one process)", lambda r: f"{statistics.mean(r['ocr_s']):.2f}")
    lines += ["", *layout_table(results), ""]
    if meta["ocr_run_pages"]:
        lines.append(f"OCR run now: {meta['ocr_run_pages']} pages in {meta['ocr_run_wall']:.0f} s wall "
                     f"({60 * meta['ocr_run_pages'] / meta['ocr_run_wall']:.1f} pages/min, {WORKERS} processes)")
    else:
        lines.append("OCR: every page from the cache (OCR s/page as measured when it was cached)")
    lines.append(f"benchmark wall time: {meta['elapsed'] / 60:.1f} min")
    return "\n".join(lines)


def layout_table(results: dict[str, dict]) -> list[str]:
    """Per layout: papers, type accuracy, field micro F1 and the verdict accuracy of the dossiers holding it."""
    levels = list(results)
    names = sorted({name for r in results.values() for name in r["by_layout"]})
    out = ["| per layout: type acc / field micro F1 / verdict acc | papers | " + " | ".join(levels) + " |",
           "|---|---|" + "---|" * len(levels)]
    for name in names:
        cells = []
        for lv in levels:
            b = results[lv]["by_layout"].get(name)
            cells.append("—" if not b else f"{100 * b['type_ok'] / b['docs']:.0f} % / {prf(b['fields'])[2]:.3f} / "
                         f"{100 * b['verdict_ok'] / b['dossiers']:.0f} % ({b['verdict_ok']}/{b['dossiers']})")
        papers = max(results[lv]["by_layout"].get(name, {}).get("docs", 0) for lv in levels)
        out.append(f"| `{name}` | {papers} | " + " | ".join(cells) + " |")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=2 * BLOCK, help="dossiers per degradation level")
    parser.add_argument("--quick", action="store_true", help="12 dossiers per level")
    parser.add_argument("--levels", default=",".join(LEVELS))
    parser.add_argument("--seed", type=int, default=0, help="first data set (block) of 48 dossiers: another "
                        "seed gives other dossiers of the same shape")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="rendered pages and OCR results")
    parser.add_argument("--errors", "--worst", action="store_true", help="print every mismatch")
    parser.add_argument("--json", type=Path, help="write the figures and the mismatches to this file")
    parser.add_argument("--layouts", default="all", help="all (cycle through every layout), default (each type's "
                        "first, as before layouts existed), random, or a comma list of layout names")
    args = parser.parse_args()
    if args.quick:
        args.dossiers = 12
    levels = tuple(lv for lv in args.levels.split(",") if lv)
    if not levels or any(lv not in LEVELS for lv in levels):
        parser.error(f"levels are among {LEVELS}")
    from tests.synth.variants import ALL_LAYOUTS

    if args.layouts not in ("all", "default", "random") and not set(args.layouts.split(",")) <= set(ALL_LAYOUTS):
        parser.error(f"layouts: all, default, random or names among {ALL_LAYOUTS}")
    from extract.types import FIELD_KEYS

    args.load = os.getloadavg()
    began = time.perf_counter()
    args.cache.mkdir(parents=True, exist_ok=True)
    dossiers = bench_dossiers(args.dossiers, args.seed, args.layouts)
    specs = page_specs(dossiers, levels)
    print(f"rendering {len(specs)} pages (cached in {args.cache}) ...", file=sys.stderr)
    synth = source_hash(*RENDER_SOURCES)
    with ProcessPoolExecutor(WORKERS) as pool:
        n = len(specs)
        paths = list(pool.map(_render, specs, [(args.dossiers, args.seed, args.layouts)] * n, [str(args.cache)] * n,
                              [synth] * n, chunksize=4))
    ocr, stats = ocr_pages(paths, args.cache, source_hash("ocr"))
    print("extracting ...", file=sys.stderr)
    from ocr.types import OcrResult
    from workers.pipeline import understand

    understand(OcrResult(pages=ocr[0]["pages"], seconds=0.0))  # load spaCy and build the matcher before timing
    results = {lv: evaluate(dossiers, specs, ocr, lv, FIELD_KEYS) for lv in levels}
    defects = Counter(d.defect for d in dossiers if d.defect)
    meta = {"dossiers": len(dossiers), "defective": sum(defects.values()),
            "defects": ", ".join(f"{k} {v}" for k, v in sorted(defects.items())),
            "pages": sum(len(d.items) for d in dossiers), **stats, "elapsed": time.perf_counter() - began}
    if args.errors:
        for lv in levels:
            for line in results[lv]["errors"]:
                print(line)
        print()
    print(report(results, FIELD_KEYS, args, meta))
    if args.json:
        out = {lv: {**{k: v for k, v in r.items() if k not in ("fields", "type_confusion", "by_layout")},
                    "fields": {k: dict(c) for k, c in r["fields"].items()},
                    "by_layout": {name: {**b, "fields": dict(b["fields"])} for name, b in r["by_layout"].items()},
                    "type_confusion": [[a, b, n] for (a, b), n in r["type_confusion"].items()]}
               for lv, r in results.items()}
        args.json.write_text(json.dumps({"meta": meta, "levels": out}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
