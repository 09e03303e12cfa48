"""Logs never carry a citizen's ID number in clear (Nghị định 13/2023): keep only the last 4 digits."""

from __future__ import annotations

import logging
import re

# 9-digit CMND and 12-digit CCCD, not part of a longer number (hashes, timestamps stay intact).
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{5}|\d{8})(\d{4})(?![0-9A-Za-z])")


def mask_ids(text: str) -> str:
    return ID_NUMBER.sub(lambda m: "*" * len(m.group(1)) + m.group(2), text)


class MaskIdNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_ids(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install() -> None:
    """Mask on every handler of the root logger (and on ones added later through basicConfig)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(MaskIdNumbers())
