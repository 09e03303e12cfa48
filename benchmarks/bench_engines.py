"""The OCR benchmark's engines, each run on one file in a fresh process so its peak memory is that file's.

`run_file(engine, path, timeout)` starts `python -m benchmarks.bench_engines ENGINE PATH OUT` in its own
session and returns a dict: `text, seconds, rss_mb, error` (+ `scanned` for sohoa: a page was OCR'd, not
read from a text layer). A crash, a refusal or a timeout is that engine's `error`, never the run's.
Memory is the sampled peak of the session's proportional set size (PSS): ru_maxrss would count a forked
child's copy of its parent, and the size of the largest child is not the worker and its child together.
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

    limit = OcrOptions().max_pixels
    pdf = pypdfium2.PdfDocument(path)
    out = []
    for i, page in enumerate(pdf):
        width, height = page.get_size()
        # a poster-sized page is rendered down to sohoa's pixel cap, as sohoa does, rather than refused
        scale = min(RENDER_DPI / 72, (limit / (width * height)) ** 0.5)
        image = page.render(scale=scale).to_pil()
        out.append(str(Path(folder) / f"page-{i + 1:03d}.png"))
        image.save(out[-1], dpi=(round(72 * scale), round(72 * scale)))
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
    """In the fresh process: one engine on one file, its time and the peak memory it saw itself."""
    fn = {"sohoa": _sohoa, "tesseract": _tesseract, "ocrmypdf": _ocrmypdf}[engine]
    start = time.perf_counter()
    try:
        out = {**fn(path), "error": ""}
    except Exception as exc:  # a refusal or a crash on this file is this engine's result
        lines = [line for line in str(exc).splitlines() if line.strip()][-2:]
        out = {"text": "", "seconds": time.perf_counter() - start,
               "error": f"{type(exc).__name__}: {' / '.join(lines)}"[:300]}
    out["own_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def session_pss_mb(session: int, leader: bool) -> float:
    """Proportional memory of the processes of a session (shared pages of forked children counted once)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.parent.name, stat.read_text().rsplit(")", 1)[1].split()
            if int(rest[3]) != session or (not leader and int(pid) == session):
                continue
            for line in (stat.parent / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except (OSError, IndexError, ValueError):  # the process ended while being read
            continue
    return total / 1024


def run_file(engine: str, path: str, timeout: float) -> dict:
    """One engine on one file in a fresh session; peak memory sampled over the session every 0.1 s."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{engine}-") as tmp:
        result, errors = Path(tmp) / "out.json", Path(tmp) / "stderr"
        env = {**os.environ, "OMP_THREAD_LIMIT": "1", "PYTHONPATH": str(ROOT)}
        with errors.open("wb") as err:
            proc = subprocess.Popen([sys.executable, "-m", "benchmarks.bench_engines", engine, path, str(result)],
                                    cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        # sohoa: the worker and its tesseract children together; the others: their OCR processes, not the runner
        peak, deadline = 0.0, time.monotonic() + timeout
        while proc.poll() is None:
            if time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)  # the runner's own session: it and its tesseract/gs children
                proc.wait()
                return {"text": "", "seconds": timeout, "rss_mb": peak, "error": f"timeout after {timeout:.0f} s"}
            peak = max(peak, session_pss_mb(proc.pid, leader=engine == "sohoa"))
            time.sleep(0.1)
        try:
            out = json.loads(result.read_text())
        except (OSError, json.JSONDecodeError):
            tail = errors.read_text(encoding="utf-8", errors="replace").strip()[-300:]
            return {"text": "", "seconds": 0.0, "rss_mb": peak, "error": f"runner exit {proc.returncode}: {tail}"}
    # the worker's own high-water mark catches a peak between two samples
    out["rss_mb"] = max(peak, out["own_maxrss_mb"]) if engine == "sohoa" else peak
    return out


if __name__ == "__main__":
    name, file, dest = sys.argv[1:4]
    Path(dest).write_text(json.dumps(runner(name, file), ensure_ascii=False))
