"""The one rejection of the whole service: a stable code, the reason in Vietnamese and English, an HTTP status."""

from __future__ import annotations


class Rejected(Exception):
    def __init__(self, code: str, vi: str, en: str, status: int = 422, headers: dict[str, str] | None = None,
                 extra: dict | None = None) -> None:
        super().__init__(f"{vi} / {en}")
        self.code, self.vi, self.en, self.status = code, vi, en, status
        self.headers = headers  # HTTP headers of the answer (Retry-After)
        self.extra = extra  # more of the error body: which files of a batch were refused

    def as_dict(self) -> dict:
        return {"code": self.code, "message": f"{self.vi} / {self.en}", "vi": self.vi, "en": self.en,
                **(self.extra or {})}


def refused_files(refusals: list[tuple[str | None, Rejected]]) -> Rejected:
    """One refusal for a batch of files of which some were refused, none kept: the first refusal's code and
    status, a reason naming every refused file, and `files`: [{filename, code, vi, en}]."""
    first = refusals[0][1]
    names = ", ".join(str(name) for name, _ in refusals)
    vi = "; ".join(f"{name}: {r.vi}" for name, r in refusals) + " — không tệp nào được lưu, hãy gửi lại"
    en = "; ".join(f"{name}: {r.en}" for name, r in refusals) + " — none of the files were kept; send them again"
    if len(refusals) > 1:
        vi, en = f"{len(refusals)} tệp bị từ chối ({names}). {vi}", f"{len(refusals)} files refused ({names}). {en}"
    return Rejected(first.code, vi, en, status=first.status, extra={"files": [
        {"filename": name, "code": r.code, "vi": r.vi, "en": r.en} for name, r in refusals]})
