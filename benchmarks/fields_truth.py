"""Field extraction measured apart from OCR: each file's reference text of an independent labelled set, fed
to the document pipeline's extraction half (`workers.pipeline.understand`) as text-layer pages, scored with
the rules of that set's `score.py`.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/fields_truth.py [--truth /work/shared/dev-set/truth.jsonl]
                                                               [--errors] [--ocr]

`--ocr` reads the files themselves instead (what `sohoa analyze` does, OCR included): each file is OCR'd once
and its pages (words and boxes) kept in `--cache`, keyed by the file's bytes and the OCR's source, so a change
to `extract/` is re-measured on real OCR output in seconds.

Prints field precision / recall / F1 per degradation level and per key, document-type accuracy, and with
`--errors` every wrong or missing field. The scoring copies score.py: exact keys compared case-insensitively
(IDs and phones digits only), addresses and `co_quan` by word-set overlap >= 85 % after dropping the
administrative unit words; precision counts only keys the paper prints. Like `sohoa analyze`, the fields of
a file are those of its first part.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocr.types import OcrResult, PageText  # noqa: E402
from workers.pipeline import Processed, process, understand  # noqa: E402

DEFAULT_TRUTH = Path("/work/shared/dev-set/truth.jsonl")
DEFAULT_CACHE = Path.home() / ".cache" / "sohoa-bench" / "devset-ocr"
EXACT = {"ho_ten", "ngay_sinh", "gioi_tinh", "so_cccd", "so_cmnd", "dan_toc", "quoc_tich", "so_dien_thoai",
         "so_van_ban", "ngay_ky", "nguoi_yeu_cau"}
PREFIX = re.compile(r"\b(xã|phường|thị trấn|huyện|quận|thị xã|tỉnh|thành phố|tp\.?)\s+", re.I)


def norm(key: str, value: str) -> str:
    v = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(value))).strip().lower()
    if key in ("so_cccd", "so_cmnd", "so_dien_thoai"):
        v = re.sub(r"\D", "", v)
    if key not in EXACT:
        v = " ".join(re.sub(r"[,.;]", " ", PREFIX.sub("", v)).split())
    return v


def same(key: str, got: str, want: str) -> bool:
    a, b = norm(key, got), norm(key, want)
    if key in EXACT:
        return a == b
    ta, tb = set(a.split()), set(b.split())
    return len(ta & tb) / max(1, len(ta | tb)) >= 0.85


def f1(rows: list[list[int]]) -> tuple[float, float, float]:
    tp, predicted, true = (sum(r[i] for r in rows) for i in range(3))
    p, r = (tp / predicted if predicted else 0.0), (tp / true if true else 0.0)
    return (2 * p * r / (p + r) if tp else 0.0), p, r


def pages_of(text: str) -> list[PageText]:
    return [PageText(number=i, text=t, source="text-layer", confidence=None)
            for i, t in enumerate(text.split("\f"), start=1)]


def _ocr_key(data: bytes) -> str:
    h = hashlib.sha256(data)
    for src in sorted((ROOT / "ocr").rglob("*.py")):  # a change to the OCR invalidates the cache
        h.update(src.read_bytes())
    return h.hexdigest()[:24]


def ocr_pages(path: Path, cache: Path) -> list[PageText]:
    """The file's pages as `sohoa analyze` reads them, from the cache when the same bytes were read before."""
    data = path.read_bytes()
    kept = cache / f"{_ocr_key(data)}.pkl"
    if kept.exists():
        return pickle.loads(kept.read_bytes())
    from dataclasses import replace

    from core.settings import Settings
    from ingest.sniff import sniff
    from ocr.options import OcrOptions

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    media = sniff(data[:1024])
    pages = process(data, media, replace(OcrOptions.from_settings(Settings()), searchable_pdf=False)).pages
    cache.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(pickle.dumps(pages))
    return pages


def analyzed(pages: list[PageText]) -> Processed:
    """The pipeline's extraction half on pages read before (or made from the reference text)."""
    return understand(OcrResult(pages=pages, seconds=0.0))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth", type=Path, default=DEFAULT_TRUTH)
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--ocr", action="store_true", help="read the files (OCR, cached) instead of their text")
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    a = ap.parse_args()
    if not a.truth.exists():
        sys.exit(f"no labelled set at {a.truth}")
    truth = [json.loads(line) for line in a.truth.open(encoding="utf-8")]
    per: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    types_ok, errors = 0, []
    for t in truth:
        pages = ocr_pages(a.truth.parent / t["file"], a.cache) if a.ocr else pages_of(t["text"])
        extraction = analyzed(pages).extraction
        level = "text-layer" if t["has_text_layer"] else t["degradation"]
        if extraction.doc_type == t["doc_type"]:
            types_ok += 1
        else:
            errors.append(f"type  {t['file']}: {extraction.doc_type}, want {t['doc_type']}")
        got = {k: f.value for k, f in extraction.fields.items()}
        for key, want in t["fields"].items():
            row = per[(level, key)]
            row[2] += 1
            if got.get(key):
                row[1] += 1
                hit = same(key, got[key], want)
                row[0] += hit
                if not hit:
                    errors.append(f"field {t['file']} {t['doc_type']} {key}: {got[key]!r}, want {want!r}")
            else:
                errors.append(f"field {t['file']} {t['doc_type']} {key}: missing, want {want!r}")
    print(f"{'level':11s} {'field F1':>9s} {'P':>6s} {'R':>6s}")
    for level in ("clean", "office", "phone", "text-layer", "all"):
        F, P, R = f1([v for (lv, _), v in per.items() if level in (lv, "all")])
        print(f"{level:11s} {F:9.3f} {P:6.3f} {R:6.3f}")
    print(f"document type {types_ok}/{len(truth)}")
    for key in sorted({k for _, k in per}):
        F, P, R = f1([v for (_, k), v in per.items() if k == key])
        print(f"   {key:14s} F1={F:.3f} P={P:.3f} R={R:.3f}")
    if a.ocr:
        errors += verdicts(a.truth.parent, a.cache)
    if a.errors:
        print("\n".join(errors))


CODE = {"birth_registration": "1.001193", "marriage_registration": "1.000894", "permanent_residence": "1.004222"}
ALIAS = {"giay_to_cho_o": "hop_dong_thue_nha"}  # the catalogue's proof-of-residence component


def verdicts(root: Path, cache: Path) -> list[str]:
    """The dossier verdicts `sohoa check` gives on the cached OCR, scored like score.py; returns the errors."""
    from extract import completeness
    from extract.catalogue import get_procedure

    errors, ok, hit, flawed, alarms = [], 0, 0, 0, 0
    dossiers = [json.loads(line) for line in (root / "dossiers.jsonl").open(encoding="utf-8")]
    for d in dossiers:
        docs = [doc for f in d["files"]
                for doc in analyzed(ocr_pages(root / f, cache)).documents(Path(f).name)]
        verdict = completeness.check(get_procedure(CODE[d["procedure"]]), docs)
        want, got = set(d["missing"]), {ALIAS.get(m, m) for m in verdict.missing}
        right = verdict.complete == (not want) and got == want
        ok += right
        if not right:
            errors.append(f"verdict {d['dossier']}: missing {sorted(got)}, want {sorted(want)}")
        codes = [p.code for p in verdict.inconsistencies]
        if d["inconsistencies"]:
            flawed += 1
            hit += bool(codes)
            errors.append(f"{'found ' if codes else 'missed'}  {d['dossier']}: {codes} for {d['flaw']}")
        elif codes and not want:
            alarms += 1
            errors.append(f"alarm   {d['dossier']}: {[p.message for p in verdict.inconsistencies]}")
    print(f"verdicts {ok}/{len(dossiers)}; inconsistencies found {hit}/{flawed}; false alarms {alarms}")
    return errors


if __name__ == "__main__":
    main()
