"""Logs never carry a citizen's ID number in clear (Nghị định 13/2023): keep only the last 4 digits.

Masked when each record is made, so every logger and handler (ours, RQ's, uvicorn's) writes the masked
message, traceback and stack, whatever formatter it uses.
"""

from __future__ import annotations

import logging
from typing import Any

from core.privacy import mask_ids

_FORMATTER = logging.Formatter()


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: logging reports it at format time, as it would unmasked
        return record
    masked = mask_ids(message)
    if masked != message:
        record.msg, record.args = masked, None
    if record.exc_info and not record.exc_text:  # formatters use exc_text when it is set
        record.exc_text = mask_ids(_FORMATTER.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = mask_ids(record.stack_info)
    return record


class MaskIdNumbers(logging.Filter):
    """For a logger or handler set up outside `install` (a test's own logger)."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def install() -> None:
    """Mask every record made from now on in this process (and in the processes it forks)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    make = logging.getLogRecordFactory()
    if getattr(make, "masks_ids", False):
        return

    def masked(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(make(*args, **kwargs))

    masked.masks_ids = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(masked)
