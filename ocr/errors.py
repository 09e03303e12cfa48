"""Errors with a stable code and a reason in Vietnamese and English (shown to counter staff)."""

from __future__ import annotations


class OcrError(Exception):
    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(f"{code}: {vi} / {en}")
        self.code, self.vi, self.en = code, vi, en
