"""The pages' formats (api/static/app.js, combo.js), run by Node on a UTC machine: instants shown in
Asia/Ho_Chi_Minh as dd/mm/yyyy HH:MM (an instant the API sends without an offset is UTC, never local), dates
typed dd/mm/yyyy read back as ISO only when they are real days, and the search box's tone-insensitive fold
agreeing with core.vntext.fold."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from core.vntext import fold
from tests.conftest import unavailable

STATIC = Path(__file__).resolve().parents[2] / "api" / "static"


def run(script: str, function: str, *args: str):
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        unavailable("Node.js is not installed (scripts/setup.sh --test installs it)")
    program = (f"const m = require(process.argv[1]); const args = JSON.parse(process.argv[2]);"
               f"console.log(JSON.stringify(args.map((a) => m.{function}(a))));")
    out = subprocess.run([node, "-e", program, str(STATIC / script), json.dumps(args)], capture_output=True,
                         text=True, check=True, timeout=30, env={**os.environ, "TZ": "UTC"})
    return json.loads(out.stdout)


def test_instants_are_shown_in_vietnam_time():
    # 15:52 UTC is 22:52 in Việt Nam; 20:30 UTC on 31/12 is already 01/01 there.
    assert run("app.js", "vnDateTime", "2026-05-04T15:52:00+00:00", "2026-05-04T15:52:00Z",
               "2026-05-04T15:52:00", "2025-12-31T20:30:00.123456+00:00") == [
        "04/05/2026 22:52", "04/05/2026 22:52", "04/05/2026 22:52", "01/01/2026 03:30"]
    assert run("app.js", "vnDay", "2025-12-31T17:00:00Z", "2025-12-31T16:59:59Z") == ["01/01/2026", "31/12/2025"]


@pytest.mark.parametrize(("typed", "iso"), [("07/12/2026", "2026-12-07"), ("7/2/2026", "2026-02-07"),
                                            (" 29/02/2024 ", "2024-02-29"), ("29/02/2025", None),
                                            ("31/04/2026", None), ("2026-12-07", None), ("12/2026", None),
                                            ("", None)])
def test_typed_dates_read_as_iso_only_when_real(typed, iso):
    assert run("app.js", "parseVnDate", typed) == [iso]


def test_the_search_box_folds_like_core_vntext():
    names = ["Đăng ký kết hôn", "ĐĂNG KÝ KHAI SINH", "Nguyễn  Thị Hoà", "Xác nhận thông tin về cư trú", "Quỳnh Ðức"]
    assert run("combo.js", "foldText", *names) == [fold(n) for n in names]
