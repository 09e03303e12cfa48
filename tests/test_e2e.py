"""End to end on real components: API → Redis/RQ → a separate `sohoa worker` process → PostgreSQL + S3."""

from __future__ import annotations

import subprocess
import sys

from fastapi.testclient import TestClient

from api.app import create_app
from sohoa.services import build
from tests.conftest import token_for
from tests.procs import worker_env
from tests.synth import dossier_files, make_dossier

UNIT = "000.17.22.H56"


def test_scanned_dossier_goes_all_the_way_through(full_settings):
    services = build(full_settings)
    assert services.queue.is_async and services.engine.dialect.name == "postgresql"
    client = TestClient(create_app(services), headers=token_for(services, "clerk", UNIT))
    sample = make_dossier("1.001193", seed=11)
    files = dossier_files(sample, level="clean")
    files = {name: data for name, data in files.items() if "giay_chung_sinh" not in name}  # leave one out

    dossier = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    response = client.post(f"/dossiers/{dossier['id']}/attachments",
                           files=[("files", (name, data)) for name, data in files.items()])
    assert response.status_code == 202, response.text
    jobs = [a["job_id"] for a in response.json()["attachments"]]
    assert all(client.get(f"/jobs/{j}").json()["job"]["status"] == "queued" for j in jobs)

    # A real worker process, as `sohoa worker` runs in production; --burst makes it stop when drained.
    done = subprocess.run([sys.executable, "-m", "sohoa.cli", "worker", "--burst"], env=worker_env(full_settings),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]

    body = client.get(f"/dossiers/{dossier['id']}").json()
    by_type = {a["doc_type"]: a for a in body["attachments"]}
    assert all(a["status"] == "done" for a in body["attachments"]), body["attachments"]
    assert set(by_type) == {"to_khai_khai_sinh", "cccd"}
    expected = {item.doc.doc_type: item.doc.fields for item in sample.items}
    card = by_type["cccd"]["fields"]
    assert card["so_cccd"]["value"] == expected["cccd"]["so_cccd"]
    assert card["ngay_sinh"]["value"] == expected["cccd"]["ngay_sinh"]
    form = by_type["to_khai_khai_sinh"]["fields"]
    assert form["ngay_sinh"]["value"] == expected["to_khai_khai_sinh"]["ngay_sinh"]
    assert body["verdict"]["missing"] == ["giay_chung_sinh"]
    assert not body["verdict"]["complete"]

    # Originals and searchable copies are in the S3 bucket under deterministic keys.
    keys = set(services.objects.keys())
    for att in body["attachments"]:
        prefix = f"{UNIT}/{body['received_at'][:4]}/{body['receipt_code']}/{att['sha256']}"
        assert prefix in keys and prefix + ".ocr.pdf" in keys
        assert services.objects.get(prefix + ".ocr.pdf").startswith(b"%PDF")
    assert all(client.get(f"/jobs/{j}").json()["job"]["status"] == "finished" for j in jobs)
