"""A citizen's ID number never leaves in clear (Nghị định 13/2023): logs, stored errors and audit entries keep
only its last 4 digits. Standalone on purpose (no project imports): every stage and the shell may use it.

An ID is a 9-digit CMND or a 12-digit CCCD however it was written: in one run (`040300481110`), glued to a
label (`CCCD040300481110`), in groups (`0403 0048 1110`, `040-300-481-110`), in any script's digits
(fullwidth `０４０３…`). Longer numbers (hashes, timestamps, phone numbers) are left alone.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from typing import Any

ID_LENGTHS = (9, 12)
# Digits of any script (`\d` is Unicode-aware) in groups apart by one space-like character, a dot or a dash.
_SEPARATOR = "[ \u00a0\u3000\u2007\u2009\u202f.\\-\u2010\u2011\u2012\u2013\uff0d]"
# A run of such groups with 9 digits or more (the lookahead skips shorter runs without a call per match).
_RUN = re.compile(rf"(?<!\d)(?=(?:\d{_SEPARATOR}?){{{min(ID_LENGTHS)}}})\d+(?:{_SEPARATOR}\d+)*(?!\d)")
_GROUP = re.compile(r"\d+")
_LONG = re.compile(r"\d{5,}")  # a run of digits that may be part of an ID number


def citizen_number(text: str) -> str | None:
    """The 12-digit ID number written in `text` (any script's digits, spaces, dots or dashes between groups);
    None when it is not one."""
    digits = re.sub(rf"{_SEPARATOR}", "", unicodedata.normalize("NFKC", text or "").strip())
    return digits if len(digits) == 12 and digits.isascii() and digits.isdigit() else None


def id_key(number: str, secret: bytes) -> str:
    """A keyed hash of a normalised ID number: the same person gives the same key, and without the secret the
    key cannot be turned back into the number (there are only 10^12 of them: a plain hash could)."""
    return hmac.new(secret, b"sohoa-citizen-id:" + number.encode(), hashlib.sha256).hexdigest()


def mask_ids(text: str) -> str:
    """`text` with every ID number's digits but the last 4 replaced by `*`; everything else as it was."""
    return _RUN.sub(_mask_run, text) if text else text


def mask_query(text: str) -> str:
    """A search as the audit log keeps it: ID numbers masked, and any other run of 5 digits or more (part of an
    ID number, typed to find it) keeps only its last 4 digits too."""
    return _LONG.sub(lambda m: "*" * (len(m.group()) - 4) + m.group()[-4:], mask_ids(text))


def mask_data(value: Any) -> Any:
    """mask_ids over every string of a JSON-like value (audit details)."""
    if isinstance(value, str):
        return mask_ids(value)
    if isinstance(value, dict):
        return {k: mask_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_data(v) for v in value]
    return value


def _mask_run(match: re.Match[str]) -> str:
    run = match.group()
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
    sizes = [end - start for start, end in groups]
    hidden: list[tuple[int, int]] = []  # (first, last) group of each ID found
    if sum(sizes) in ID_LENGTHS:
        hidden.append((0, len(groups) - 1))
    else:
        # One group alone (`040300481110 1990`), or consecutive groups (`0403 0048 1110 1990`).
        for i in range(len(groups)):
            if sizes[i] in ID_LENGTHS:
                hidden.append((i, i))
                continue
            total = 0
            for j in range(i, len(groups)):
                if sizes[j] < 2:
                    break
                total += sizes[j]
                if total in ID_LENGTHS:
                    hidden.append((i, j))
    if not hidden:
        return run
    chars = list(run)
    for first, last in hidden:
        digits = [k for start, end in groups[first : last + 1] for k in range(start, end)]
        for k in digits[:-4]:
            chars[k] = "*"
    return "".join(chars)
