"""OCR stage: bytes of a scan or PDF in, NFC text per page (with word boxes) and a searchable PDF out."""
