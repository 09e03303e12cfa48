"""The command-line contract: `sohoa digitize / analyze / check / report` and their JSON shapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.synth import make_dossier, scan

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def sohoa(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "S3_ENDPOINT")}
    env.update(SOHOA_DATA_DIR=str(data_dir), OMP_THREAD_LIMIT="1")
    return subprocess.run([sys.executable, "-m", "sohoa.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


def test_digitize_the_bundled_sample(tmp_path):
    labels = json.loads((SAMPLES / "labels.json").read_text(encoding="utf-8"))
    run = sohoa("digitize", str(SAMPLES), "--unit", "000.17.22.H56", "--procedure", "1.001193", "--json",
                data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["verdict"]["complete"] is True
    assert out["digitized"] is True
    types = {a["file"]: a["doc_type"] for a in out["attachments"]}
    assert types == {name: label["doc_type"] for name, label in labels["files"].items()}
    assert out["report"]["own"]["received"]["total"] == 1
    assert out["report"]["own"]["digitization_rate"] == 100.0
    assert all((tmp_path / "objects" / a["object_key"]).is_file() for a in out["attachments"])


def test_unknown_unit_is_an_error_unless_named(tmp_path):
    sample = str(SAMPLES / "cccd.jpg")
    run = sohoa("digitize", sample, "--unit", "000.01.01.H99", "--procedure", "1.001193", data_dir=tmp_path)
    assert run.returncode == 2 and "000.01.01.H99" in run.stderr
    run = sohoa("digitize", sample, "--unit", "000.01.01.H99", "--unit-name", "Xã Thử", "--procedure", "1.001193",
                "--json", data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["verdict"]["missing"] == ["to_khai_khai_sinh", "giay_chung_sinh"]


def test_analyze_json_contract(tmp_path):
    run = sohoa("analyze", str(SAMPLES / "cccd.jpg"), "--json", data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert set(out) >= {"file", "pages", "source", "confidence", "text", "doc_type", "fields", "seconds"}
    assert out["source"] == "ocr" and out["doc_type"] == "cccd" and out["pages"] == 1
    assert all(isinstance(v, str) or "value" in v for v in out["fields"].values())
    assert not (tmp_path / "sohoa.db").exists()  # analyze stores nothing


@pytest.mark.parametrize("drop", [None, "cccd"])
def test_check_reports_missing_components(tmp_path, drop):
    sample = make_dossier("1.004222", seed=4)
    paths = []
    for i, item in enumerate(sample.items):
        if item.component == drop:
            continue
        path = tmp_path / f"{item.name}.jpg"
        path.write_bytes(scan(item.doc, "clean", seed=i)[0])
        paths.append(str(path))
    run = sohoa("check", "--procedure", "1.004222", *paths, "--json", data_dir=tmp_path)
    out = json.loads(run.stdout)
    assert set(out) >= {"procedure", "complete", "missing", "present", "inconsistencies"}
    assert out["missing"] == ([drop] if drop else [])
    assert out["complete"] is (drop is None)
    assert run.returncode == (1 if drop else 0)


def test_report_json_and_bad_dates(tmp_path):
    run = sohoa("report", "--unit", "000.00.00.H56", "--from", "2026-01-01", "--to", "2026-12-31", "--json",
                data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert set(out) == {"unit", "from", "to", "own", "children", "subtree"}
    assert out["subtree"]["digitization_rate"] is None  # nothing received: no rate, no error
    run = sohoa("report", "--unit", "000.00.00.H56", "--from", "01/01/2026", "--to", "2026-12-31", data_dir=tmp_path)
    assert run.returncode == 2


def test_users_add_prints_a_working_token_once(tmp_path):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from core.settings import Settings
    from sohoa.services import build

    run = sohoa("users", "add", "can-bo-1", "--role", "clerk", "--unit", "000.17.22.H56", data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    token = run.stdout.strip()
    assert token.startswith("sohoa_")
    services = build(Settings(data_dir=tmp_path))
    with services.sessions() as session:
        from storage.models import ApiToken

        assert token not in {t.token_hash for t in session.query(ApiToken)}  # stored hashed only
    client = TestClient(create_app(services), headers={"Authorization": f"Bearer {token}"})
    created = client.post("/dossiers", json={"unit_code": "000.17.22.H56", "procedure_code": "1.001193"})
    assert created.status_code == 201
    again = sohoa("users", "add", "can-bo-1", "--role", "clerk", "--unit", "000.17.22.H56", data_dir=tmp_path)
    assert again.returncode == 2
