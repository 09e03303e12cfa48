"""The OCR benchmark's report: one table over the sources, the ratios and the targets, the pages to look at.

A record is `{"item": item, "runs": {engine: run}}`; each run already carries its scores (`f1`, `edits`,
`chars` where the item has a reference, `dict_words` always).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

SOURCES = ("generator", "dev-set", "real")
LEVEL_ORDER = ("clean", "office", "phone", "text-layer", "image", "pdf")
F1_TARGETS = {"clean": 0.97, "office": 0.95, "phone": 0.92, "text-layer": 0.995}
REAL_MIN_SHARE, MAX_SECONDS, MAX_RSS_MB = 0.9, 60.0, 1024.0
MAX_TIME_VS_TESSERACT, MIN_SPEEDUP_VS_OCRMYPDF, MIN_PAGES_AT_LEAST_TESSERACT = 1.5, 5.0, 0.95


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def group_stats(records: list[dict], engine: str) -> dict:
    runs = [r["runs"][engine] for r in records if engine in r["runs"]]
    pages = sum(r["item"]["pages"] for r in records if engine in r["runs"])
    scored = [run for run in runs if "f1" in run]
    chars = sum(run["chars"] for run in scored)
    return {"files": len(runs), "pages": pages, "f1": _mean([run["f1"] for run in scored]),
            "cer": sum(run["edits"] for run in scored) / chars if chars else None,
            "dict": sum(run["dict_words"] for run in runs),
            "s_page": sum(run["seconds"] for run in runs) / pages if pages else None,
            "rss": max((run["rss_mb"] for run in runs), default=0.0),
            "failed": sum(bool(run["error"]) for run in runs)}


def _fmt(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def _groups(records: list[dict], key: str, order: Iterable[str]) -> list[tuple[str, list[dict]]]:
    names = sorted({r["item"][key] for r in records}, key=lambda n: (list(order).index(n) if n in order else 99, n))
    return [(n, [r for r in records if r["item"][key] == n]) for n in names]


def table(records: list[dict], engines: list[str]) -> str:
    lines = ["| source | by | group | engine | files | pages | word F1 | CER | dict words | s/page | peak RSS MB "
             "| failed |", "|" + "---|" * 12]
    for source in SOURCES:
        mine = [r for r in records if r["item"]["source"] == source]
        for by, key, order in (("level", "level", LEVEL_ORDER), ("type", "doc_type", ())):
            for name, group in _groups(mine, key, order):
                for engine in engines:
                    s = group_stats(group, engine)
                    cer = None if s["cer"] is None else 100 * s["cer"]
                    lines.append(f"| {source} | {by} | {name} | {engine} | {s['files']} | {s['pages']} | "
                                 f"{_fmt(s['f1'], '.3f')} | {_fmt(cer, '.2f')} % | {s['dict']} | "
                                 f"{_fmt(s['s_page'], '.2f')} | {s['rss']:.0f} | {s['failed']} |")
    return "\n".join(lines)


def _ok(met: bool) -> str:
    return "met" if met else "NOT met"


def _scanned(record: dict) -> bool:
    item, sohoa = record["item"], record["runs"].get("sohoa", {})
    return item["level"] != "text-layer" and sohoa.get("scanned", True) is not False


def time_ratio(records: list[dict], slow: str, fast: str) -> float | None:
    """Seconds per page of `slow` ÷ those of `fast`, over the scanned files both read without an error."""
    both = [r for r in records if _scanned(r) and all(e in r["runs"] and not r["runs"][e]["error"]
                                                        for e in (slow, fast))]
    fast_s = sum(r["runs"][fast]["seconds"] for r in both)
    return sum(r["runs"][slow]["seconds"] for r in both) / fast_s if both and fast_s else None


def ratios(records: list[dict], engines: list[str]) -> list[str]:
    lines = []
    for source in (*SOURCES, "all"):
        mine = [r for r in records if source in ("all", r["item"]["source"])]
        if not mine:
            continue
        parts = []
        if {"sohoa", "tesseract"} <= set(engines):
            parts.append(f"sohoa ÷ tesseract time/page {_fmt(time_ratio(mine, 'sohoa', 'tesseract'), '.2f')}")
            scored = [r for r in mine if "f1" in r["runs"]["sohoa"]]
            if scored:
                at_least = sum(r["runs"]["sohoa"]["f1"] >= r["runs"]["tesseract"]["f1"] for r in scored)
                parts.append(f"sohoa F1 ≥ tesseract's on {at_least}/{len(scored)} files")
        if {"sohoa", "ocrmypdf"} <= set(engines):
            parts.append(f"ocrmypdf ÷ sohoa time/page {_fmt(time_ratio(mine, 'ocrmypdf', 'sohoa'), '.2f')}")
        lines.append(f"{source}: " + "; ".join(parts))
    return lines


def targets(records: list[dict], engines: list[str]) -> list[str]:
    """The issue's targets, each with the measured figure and met / not met (what cannot be measured: skipped)."""
    out: list[str] = []
    dev = [r for r in records if r["item"]["source"] == "dev-set" and "sohoa" in r["runs"]]
    with_tess = "tesseract" in engines
    for level, want in F1_TARGETS.items():
        group = [r for r in dev if r["item"]["level"] == level]
        if not group:
            continue
        got = group_stats(group, "sohoa")["f1"] or 0.0
        line = f"dev-set {level} word F1 {got:.3f} ≥ {want}: {_ok(got >= want)}"
        if with_tess:
            tess = group_stats(group, "tesseract")["f1"] or 0.0
            line += f"; ≥ tesseract's {tess:.3f}: {_ok(got >= tess)}"
        out.append(line)
    if dev and with_tess:
        share = sum(r["runs"]["sohoa"]["f1"] >= r["runs"]["tesseract"]["f1"] for r in dev) / len(dev)
        out.append(f"dev-set files with sohoa F1 ≥ tesseract's {100 * share:.0f} % ≥ "
                   f"{100 * MIN_PAGES_AT_LEAST_TESSERACT:.0f} %: {_ok(share >= MIN_PAGES_AT_LEAST_TESSERACT)}")
    real = [r for r in records if r["item"]["source"] == "real" and "sohoa" in r["runs"]]
    if real:
        if with_tess:
            n = len(under_tesseract_words(real))
            out.append(f"real files under {100 * REAL_MIN_SHARE:.0f} % of tesseract's dictionary words: {n} "
                       f"(none allowed): {_ok(n == 0)}")
        slow = len(too_slow_or_big(real))
        out.append(f"real files over {MAX_SECONDS:.0f} s/page or {MAX_RSS_MB:.0f} MB RSS: {slow}: {_ok(slow == 0)}")
    if "sohoa" in engines and with_tess:
        ratio = time_ratio(records, "sohoa", "tesseract")
        if ratio is not None:
            out.append(f"sohoa time per scanned page ÷ tesseract's {ratio:.2f} ≤ {MAX_TIME_VS_TESSERACT}: "
                       f"{_ok(ratio <= MAX_TIME_VS_TESSERACT)}")
    if "sohoa" in engines and "ocrmypdf" in engines:
        ratio = time_ratio(records, "ocrmypdf", "sohoa")
        if ratio is not None:
            out.append(f"OCRmyPDF time per scanned page ÷ sohoa's {ratio:.2f} ≥ {MIN_SPEEDUP_VS_OCRMYPDF}: "
                       f"{_ok(ratio >= MIN_SPEEDUP_VS_OCRMYPDF)}")
    return out


def under_tesseract_words(records: list[dict]) -> list[dict]:
    return [r for r in records
            if r["runs"]["sohoa"]["dict_words"] < REAL_MIN_SHARE * r["runs"]["tesseract"]["dict_words"]]


def too_slow_or_big(records: list[dict]) -> list[dict]:
    return [r for r in records if r["runs"]["sohoa"]["seconds"] / r["item"]["pages"] > MAX_SECONDS
            or r["runs"]["sohoa"]["rss_mb"] > MAX_RSS_MB]


def _listing(title: str, records: list[dict], describe: Callable[[dict], str]) -> list[str]:
    if not records:
        return [f"{title}: none"]
    return [f"{title} ({len(records)}):", *(f"  {r['item']['source']}/{r['item']['name']}: {describe(r)}"
                                             for r in records)]


def _behind(r: dict) -> bool:
    s, t = r["runs"]["sohoa"], r["runs"]["tesseract"]
    return s["f1"] < t["f1"] if "f1" in s else s["dict_words"] < t["dict_words"]


def _pair(r: dict) -> str:
    s, t = r["runs"]["sohoa"], r["runs"]["tesseract"]
    if "f1" in s:
        return f"F1 {s['f1']:.3f} vs {t['f1']:.3f} ({r['item']['level']}, {r['item']['doc_type']})"
    return f"{s['dict_words']} vs {t['dict_words']} dictionary words ({r['item']['level']})"


def pages_to_look_at(records: list[dict], engines: list[str]) -> list[str]:
    lines: list[str] = []
    if {"sohoa", "tesseract"} <= set(engines):
        lines += _listing("files where sohoa reads a lower F1 / fewer dictionary words than tesseract",
                          [r for r in records if _behind(r)], _pair)
        real = [r for r in records if r["item"]["source"] == "real"]
        lines += _listing(f"real files under {100 * REAL_MIN_SHARE:.0f} % of tesseract's dictionary words",
                          under_tesseract_words(real), _pair)
    if "sohoa" in engines:
        real = [r for r in records if r["item"]["source"] == "real"]
        lines += _listing(f"real files over {MAX_SECONDS:.0f} s/page or {MAX_RSS_MB:.0f} MB", too_slow_or_big(real),
                          lambda r: f"{r['runs']['sohoa']['seconds'] / r['item']['pages']:.1f} s/page, "
                                    f"{r['runs']['sohoa']['rss_mb']:.0f} MB")
    for engine in engines:
        failed = [r for r in records if r["runs"][engine]["error"]]
        lines += _listing(f"{engine} failed on", failed, lambda r, e=engine: r["runs"][e]["error"][:160])
    return lines
