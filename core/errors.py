"""The one rejection of the whole service: a stable code, the reason in Vietnamese and English, an HTTP status."""

from __future__ import annotations


class Rejected(Exception):
    def __init__(self, code: str, vi: str, en: str, status: int = 422, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{vi} / {en}")
        self.code, self.vi, self.en, self.status = code, vi, en, status
        self.headers = headers  # HTTP headers of the answer (Retry-After)

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": f"{self.vi} / {self.en}", "vi": self.vi, "en": self.en}
