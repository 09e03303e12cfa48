"""OCR-like damage to apply to clean sample text."""

from __future__ import annotations

import unicodedata


def no_marks(text: str) -> str:
    """Every diacritic dropped, case kept: what a poor scan gives ("HO VA TEN")."""
    base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return base.replace("đ", "d").replace("Đ", "D")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def drop_line(text: str, startswith: str) -> str:
    """A line lost under a stamp."""
    return "\n".join(line for line in text.split("\n") if not line.startswith(startswith))


def replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)
