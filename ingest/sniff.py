"""Media type from the file's first bytes, never from its name or the client's Content-Type."""

from __future__ import annotations

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
ACCEPTED = frozenset(media for _, media in SIGNATURES)


def sniff(head: bytes) -> str | None:
    # PDFs may carry a little junk before the header; readers accept it within the first 1 KB.
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    for signature, media in SIGNATURES:
        if head.startswith(signature):
            return media
    return None


EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/tiff": ".tif"}
