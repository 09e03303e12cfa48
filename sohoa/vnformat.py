"""Numbers for people, the Vietnamese way: 12.504 hồ sơ, 68,74%. JSON keeps plain numbers."""

from __future__ import annotations


def vn_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def vn_percent(rate: float | None) -> str:
    if rate is None:
        return "—"
    return f"{rate:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + "%"
