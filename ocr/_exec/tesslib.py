"""tesseract in-process, through its C API (`libtesseract`, which the tesseract command itself runs on), for
the second read of long numbers (`ocr.digits`): a process per number would load its model for each read of
one word (`ocr_bench.py --engines sohoa,sohoa-subprocess` measures the difference; docs/benchmarks.md).
One engine per configuration, created on first use; a process forked after that (an RQ work horse, a page
pool) has its own copy, ready. Without libtesseract, `ocr._exec.tesseract.read_line` reads instead."""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import threading
from functools import cache

import numpy as np

PSM_SINGLE_LINE = 7
OEM_LSTM_ONLY = 1


# One read at a time per process: an engine is not thread-safe, and uploads may be processed in the API's
# threads (no Redis). A fork waits for the read in progress, so a child never copies an engine mid-read.
_lock = threading.Lock()
os.register_at_fork(before=_lock.acquire, after_in_parent=_lock.release, after_in_child=_lock.release)


@cache
def _library() -> ctypes.CDLL | None:
    # libgomp reads OMP_THREAD_LIMIT when it is loaded: one thread, as for the tesseract command.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    for name in ("libtesseract.so.5", ctypes.util.find_library("tesseract")):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        for fn, args, res in (
            ("TessBaseAPICreate", [], vp),
            ("TessBaseAPIInit2", [vp, cp, cp, i], i),
            ("TessBaseAPISetVariable", [vp, cp, cp], i),
            ("TessBaseAPISetPageSegMode", [vp, i], None),
            ("TessBaseAPISetImage", [vp, vp, i, i, i, i], None),
            ("TessBaseAPISetSourceResolution", [vp, i], None),
            ("TessBaseAPIGetUTF8Text", [vp], vp),
            ("TessDeleteText", [vp], None),
            ("TessBaseAPIMeanTextConf", [vp], i),
            ("TessBaseAPIEnd", [vp], None),
            ("TessBaseAPIDelete", [vp], None),
        ):
            getattr(lib, fn).argtypes, getattr(lib, fn).restype = args, res
        return lib
    return None


class LineReader:
    """One text line per image, read with a whitelist of characters (psm 7, LSTM only)."""

    def __init__(self, lib: ctypes.CDLL, lang: str, whitelist: str) -> None:
        self._lib = lib
        self._api = lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit2(self._api, None, lang.encode(), OEM_LSTM_ONLY) != 0:
            lib.TessBaseAPIDelete(self._api)
            raise OSError(f"tesseract cannot load the {lang!r} model")
        lib.TessBaseAPISetVariable(self._api, b"tessedit_char_whitelist", whitelist.encode())
        lib.TessBaseAPISetVariable(self._api, b"debug_file", os.devnull.encode())  # no notes on stdout
        lib.TessBaseAPISetPageSegMode(self._api, PSM_SINGLE_LINE)
        atexit.register(self.close)  # else libtesseract's cache complains of leaks at exit

    def read(self, image: np.ndarray, dpi: int) -> tuple[str, float]:
        """(text with spaces removed, mean confidence 0..100) of a grayscale uint8 image."""
        img = np.ascontiguousarray(image, dtype=np.uint8)
        with _lock:
            return self._read(img, dpi)

    def _read(self, img: np.ndarray, dpi: int) -> tuple[str, float]:
        lib = self._lib
        lib.TessBaseAPISetImage(self._api, img.ctypes.data, img.shape[1], img.shape[0], 1, img.strides[0])
        lib.TessBaseAPISetSourceResolution(self._api, dpi)
        ptr = lib.TessBaseAPIGetUTF8Text(self._api)  # recognises
        try:
            text = ctypes.string_at(ptr).decode("utf-8", "replace") if ptr else ""
        finally:
            if ptr:
                lib.TessDeleteText(ptr)
        return "".join(text.split()), float(max(lib.TessBaseAPIMeanTextConf(self._api), 0))

    def close(self) -> None:
        if self._api:  # at exit: no read is running any more
            self._lib.TessBaseAPIEnd(self._api)
            self._lib.TessBaseAPIDelete(self._api)
            self._api = None


_readers: dict[tuple[str, str], LineReader | None] = {}


def line_reader(lang: str, whitelist: str) -> LineReader | None:
    """The reader for (lang, whitelist); None when libtesseract or the model is missing."""
    key = (lang, whitelist)
    with _lock:
        if key not in _readers:
            lib = _library()
            try:
                _readers[key] = LineReader(lib, lang, whitelist) if lib else None
            except OSError:
                _readers[key] = None
        return _readers[key]
