"""The OCR benchmark's engines, each run on one file in a fresh process so its peak memory is that file's.

`run_file(engine, path, timeout)` starts `python -m benchmarks.bench_engines ENGINE PATH OUT` in its own
session and returns a dict: `text, seconds, rss_mb, error` (+ `scanned` for sohoa: a page was OCR'd, not
read from a text layer). A crash, a refusal or a timeout is that engine's `error`, never the run's.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("sohoa", "tesseract", "ocrmypdf")
RENDER_DPI = 300  # plain tesseract cannot read a PDF: its pages are rendered as a scanner would


def _sohoa(path: str) -> dict:
    import workers.jobs  # noqa: F401 - what an RQ work horse has loaded, so the RSS is a worker's
    from ingest.sniff import sniff
    from ocr.pipeline import OcrOptions, run_ocr

    data = Path(path).read_bytes()
    start = time.perf_counter()
    result = run_ocr(data, sniff(data[:1024]) or "", OcrOptions(jobs=1))
    return {"text": result.text, "seconds": time.perf_counter() - start, "scanned": result.source == "ocr"}


def _render_pdf(path: str, folder: str) -> list[str]:
    import pypdfium2

    from ocr.options import OcrOptions

    limit = OcrOptions().max_pixels  # the same decompression-bomb guard sohoa applies
    pdf = pypdfium2.PdfDocument(path)
    out = []
    for i, page in enumerate(pdf):
        width, height = page.get_size()
        scale = RENDER_DPI / 72
        if width * height * scale * scale > limit:
            raise ValueError(f"page {i + 1} is {width:.0f}×{height:.0f} pt: over {limit} pixels at {RENDER_DPI} dpi")
        image = page.render(scale=scale).to_pil()
        out.append(str(Path(folder) / f"page-{i + 1:03d}.png"))
        image.save(out[-1], dpi=(RENDER_DPI, RENDER_DPI))
    return out


def _tesseract(path: str) -> dict:
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-tess-") as tmp:
        images = _render_pdf(path, tmp) if path.lower().endswith(".pdf") else [path]
        texts = []
        for image in images:
            done = subprocess.run(["tesseract", image, "-", "-l", "vie"], capture_output=True, check=False)
            if done.returncode:
                raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[-300:])
            texts.append(done.stdout.decode("utf-8", "replace"))
    return {"text": "\f".join(texts), "seconds": time.perf_counter() - start}


def _ocrmypdf(path: str) -> dict:
    from PIL import Image

    args = ["ocrmypdf", "-l", "vie", "--deskew", "--clean", "--jobs", "1"]
    if path.lower().endswith(".pdf"):
        args.append("--force-ocr")  # OCR every page as the others do, text layer or not
    else:
        with Image.open(path) as image:
            if not image.info.get("dpi"):
                args += ["--image-dpi", str(RENDER_DPI)]  # ocrmypdf refuses an image without a resolution
    with tempfile.TemporaryDirectory(prefix="bench-ocrmypdf-") as tmp:
        sidecar, pdf = Path(tmp) / "out.txt", Path(tmp) / "out.pdf"
        start = time.perf_counter()
        done = subprocess.run([*args, "--sidecar", str(sidecar), path, str(pdf)], capture_output=True, check=False)
        seconds = time.perf_counter() - start
        if done.returncode:
            raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[-300:])
        return {"text": sidecar.read_text(encoding="utf-8", errors="replace"), "seconds": seconds}


def runner(engine: str, path: str) -> dict:
    """In the fresh process: one engine on one file, its time and the peak memory it took."""
    fn = {"sohoa": _sohoa, "tesseract": _tesseract, "ocrmypdf": _ocrmypdf}[engine]
    start = time.perf_counter()
    try:
        out = {**fn(path), "error": ""}
    except Exception as exc:  # a refusal or a crash on this file is this engine's result
        out = {"text": "", "seconds": time.perf_counter() - start, "error": f"{type(exc).__name__}: {exc}"[:300]}
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # sohoa: the worker plus its largest tesseract child (both alive at once); the others: their OCR process.
    out["rss_mb"] = own + child if engine == "sohoa" else child
    return out


def run_file(engine: str, path: str, timeout: float) -> dict:
    with tempfile.NamedTemporaryFile(prefix=f"bench-{engine}-", suffix=".json", delete=False) as handle:
        result = Path(handle.name)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.bench_engines", engine, path, str(result)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the runner's own session: it and its tesseract/gs children
        proc.communicate()
        result.unlink(missing_ok=True)
        return {"text": "", "seconds": timeout, "rss_mb": 0.0, "error": f"timeout after {timeout:.0f} s"}
    try:
        return json.loads(result.read_text())
    except (OSError, json.JSONDecodeError):
        tail = err.decode("utf-8", "replace").strip()[-300:]
        return {"text": "", "seconds": 0.0, "rss_mb": 0.0, "error": f"runner exit {proc.returncode}: {tail}"}
    finally:
        result.unlink(missing_ok=True)


if __name__ == "__main__":
    name, file, dest = sys.argv[1:4]
    Path(dest).write_text(json.dumps(runner(name, file), ensure_ascii=False))
