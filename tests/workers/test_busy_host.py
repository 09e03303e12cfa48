"""OCR gets its fair share of a busy host: a real worker finishes a real upload while two ordinary
CPU-bound processes run beside it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from sohoa.services import build
from storage.models import Attachment
from tests.conftest import token_for
from tests.procs import kill_tree, start_worker, wait_for
from tests.synth import make_document, scan
from workers import records

UNIT = "000.17.22.H56"


def cpu_ticks(pid: int) -> int:
    """User + system CPU time of a process so far, in clock ticks (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


@pytest.fixture
def spinners(request) -> list[subprocess.Popen]:
    """Two CPU-bound processes at normal priority, killed whatever the test does."""
    procs: list[subprocess.Popen] = []

    def stop() -> None:
        for proc in procs:
            proc.kill()
            proc.wait(10)

    request.addfinalizer(stop)
    for _ in range(2):
        procs.append(subprocess.Popen(["sh", "-c", "while :; do :; done"]))
    return procs


def test_a_job_finishes_while_two_cpu_bound_processes_run(full_settings, spinners):
    services = build(full_settings)
    client = TestClient(create_app(services), headers=token_for(services, "clerk", UNIT))
    dossier = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    page = scan(make_document("cccd", seed=31), "office", seed=31)[0]
    busy_before = [cpu_ticks(p.pid) for p in spinners]
    worker = start_worker(full_settings)  # starts, loads OCR and takes the job with the spinners running
    try:
        response = client.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("cccd.jpg", page))])
        assert response.status_code == 202, response.text
        att_id = response.json()["attachments"][0]["attachment_id"]

        def finished() -> Attachment | None:
            with services.sessions() as session:
                att = session.get(Attachment, att_id)
                return att if att.status in ("done", "failed") else None

        done = wait_for(finished, 300, "the job to finish on the busy host")
    finally:
        kill_tree(worker)
        services.engine.dispose()
    assert done.status == "done" and records.summary(done)["doc_type"] == "cccd", done.error
    # The host was busy throughout: both spinners still running, each having used CPU meanwhile.
    assert all(p.poll() is None for p in spinners)
    assert all(cpu_ticks(p.pid) > before for p, before in zip(spinners, busy_before, strict=True))
