"""What a search looks for and what it shows: the query folded into words (core.vntext), the people of a dossier
as one document, pages split from an attachment's text, and a snippet of the stored text around a match."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from core.privacy import mask_ids
from core.vntext import fold, fold_keep_length, nfc

# Field keys (with a role suffix or not: ho_ten_me, so_cccd_chu_ho) whose values name a person or their ID.
NAME_FIELDS = ("ho_ten", "nguoi_yeu_cau")
ID_FIELDS = ("so_cccd", "so_cmnd", "so_dinh_danh")
_WORD = re.compile(r"[^\W_]+")
_DIGITS_ONLY = re.compile(r"[\d\s.\-]+")
SNIPPET = 120  # characters of context around a match, at most


@dataclass(frozen=True)
class Terms:
    """A query: `words` folded (lowercase, no diacritics, đ → d); `receipt` the folded query as typed, for
    receipt codes whose dots and dashes count."""

    words: tuple[str, ...]
    receipt: str

    @property
    def phrase(self) -> str:
        return " ".join(self.words)


def parse(query: str) -> Terms | None:
    """None when the query has no word to look for. An ID typed in groups (`0403 0048 1110`), in any script's
    digits, is one word of ASCII digits."""
    query = nfc(query).strip()
    if _DIGITS_ONLY.fullmatch(query) and any(c.isdecimal() for c in query):
        words = ("".join(str(unicodedata.digit(c)) for c in query if c.isdecimal()),)
    else:
        words = tuple(_WORD.findall(fold(query)))
    return Terms(words, fold(query)) if words else None


def escape_like(text: str) -> str:
    """`text` matched literally by LIKE … ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def document_of(parts_lists: Iterable[list[dict] | None]) -> str:
    """The names and ID numbers read in a dossier's attachments (their stored `parts`), one per line."""
    values = [" ".join(nfc(str(field["value"])).split())  # one space between words, as a query has
              for parts in parts_lists for part in parts or []
              for key, field in (part.get("fields") or {}).items()
              if key.startswith(NAME_FIELDS + ID_FIELDS) and isinstance(field, dict) and field.get("value")]
    return "\n".join(dict.fromkeys(v for v in values if v))


def fold_lines(text: str) -> str:
    """Each line folded on its own: a substring match never spans two values of a document."""
    return "\n".join(fold(line) for line in text.splitlines())


def matching_line(body: str, terms: Terms) -> str:
    """The value of a document (one per line) the query matched, as the engines match it: a folded substring."""
    lines = body.splitlines()
    return next((line for line in lines if terms.phrase in fold(line)), lines[0] if lines else "")


def split_pages(ocr_text: str) -> list[str]:
    """An attachment's text as stored before pages were kept apart (ocr.types.OcrResult.text: pages joined by
    a form feed) back into its pages."""
    return [page.strip("\n") for page in ocr_text.split("\f")]


def snippet(text: str, terms: Terms) -> str:
    """The stored text (its diacritics kept) around the first match of the words, ID numbers masked."""
    stored = mask_ids(nfc(text))  # same length: masking replaces digits one for one
    found = re.search(r"[\W_]+".join(map(re.escape, terms.words)), fold_keep_length(text))
    start, end = (found.start(), found.end()) if found else (0, 0)
    margin = max(SNIPPET - (end - start), 0) // 2
    left, right = max(start - margin, 0), min(end + margin, len(stored))
    while left > 0 and not stored[left - 1].isspace():  # whole words only
        left -= 1
    while right < len(stored) and not stored[right].isspace():
        right += 1
    cut = " ".join(stored[left:right].split())
    return ("…" if left > 0 else "") + cut + ("…" if right < len(stored) else "")
