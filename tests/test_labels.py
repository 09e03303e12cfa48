"""Every document type the extraction stage can answer has a Vietnamese name where a clerk sees it."""

import re
from pathlib import Path

from extract.types import ALL_DOC_TYPES
from sohoa.render import DOC_NAMES

ROOT = Path(__file__).resolve().parent.parent


def test_the_command_line_names_every_type():
    assert set(DOC_NAMES) == set(ALL_DOC_TYPES)


def test_the_web_pages_name_every_type():
    script = (ROOT / "api" / "static" / "app.js").read_text(encoding="utf-8")
    table = re.search(r"const DOC_NAMES = \{(.*?)\};", script, re.S).group(1)
    assert set(re.findall(r"(\w+):", table)) == set(ALL_DOC_TYPES)
