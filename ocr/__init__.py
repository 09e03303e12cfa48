"""OCR stage: bytes of a scan or PDF in, NFC text per page (with word boxes) and a searchable PDF out."""


def warm() -> None:
    """Load the word lists that post-correction reads once per process (the syllable dictionary, the
    administrative phrases, the cards' English labels): a worker does it before it forks a work horse per job."""
    from ocr import fixes

    fixes.lexicon()
    fixes.phrases()
    fixes.labels()
