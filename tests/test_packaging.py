"""The wheel the Docker image installs carries every data file the stages read at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_runtime_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("sohoa-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"extract/data/procedures.json", "storage/seed/units.csv", "storage/migrations/env.py",
                "api/templates/counter.html", "api/static/app.js", "signing/data/sRGB.icc"}
    expected |= {p.relative_to(ROOT).as_posix() for d in ("ocr", "core") for p in (ROOT / d / "data").glob("*.txt")}
    expected |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "storage/migrations/versions").glob("*.py")}
    assert expected <= names, expected - names
    assert any(n.endswith("entry_points.txt") for n in names)
