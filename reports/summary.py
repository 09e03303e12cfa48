"""A report in words: its lines (own, each child, total), its period, and the one-paragraph Vietnamese summary
that leaders paste into their reports. Light to import: the command line prints these without the exports."""

from __future__ import annotations

from datetime import date

from core.vntext import vn_int, vn_percent


def rows(report: dict) -> list[tuple[str, str, dict]]:
    """(code, name, figures) per line: the unit's own dossiers, each child's subtree, then the total."""
    unit = report["unit"]
    lines = [(unit["code"], f"{unit['name']} (riêng đơn vị)", report["own"])]
    lines += [(c["unit"]["code"], c["unit"]["name"], c["figures"]) for c in report["children"]]
    return [*lines, ("", "Tổng cộng", report["subtree"])]


def period_text(report: dict) -> str:
    start, end = date.fromisoformat(report["from"]), date.fromisoformat(report["to"])
    return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def summary(figures: dict) -> str:
    """E.g. "Tiếp nhận 3.884 hồ sơ; đã giải quyết 3.839 hồ sơ (trước hạn 3.517, đúng hạn 322, quá hạn 0);
    số hóa 2.670 hồ sơ, đạt 68,74%; tái sử dụng dữ liệu số hóa ở 1.204 hồ sơ, đạt 31,00%." from one figures
    object `F`."""
    received, resolved = figures["received"], figures["resolved"]
    return (f"Tiếp nhận {vn_int(received['total'])} hồ sơ; đã giải quyết {vn_int(resolved['total'])} hồ sơ "
            f"(trước hạn {vn_int(resolved['before_deadline'])}, đúng hạn {vn_int(resolved['on_deadline'])}, "
            f"quá hạn {vn_int(resolved['overdue'])}); số hóa {vn_int(figures['digitized'])} hồ sơ, "
            f"đạt {vn_percent(figures['digitization_rate'])}; tái sử dụng dữ liệu số hóa ở "
            f"{vn_int(figures['reused'])} hồ sơ, đạt {vn_percent(figures['reuse_rate'])}.")
