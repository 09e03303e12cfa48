"""Faults caused for real: a worker SIGKILLed mid-job, Redis restarted empty, S3 down, PostgreSQL connections
cut and PostgreSQL itself stopped and started again.

Each test owns its Redis and S3 server so it can break them without touching other tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.app import create_app
from core.settings import Settings
from sohoa.services import build
from storage.models import Attachment
from tests.conftest import free_port, token_for
from tests.procs import PostgresServer, StallingProxy, descendants, kill_tree, start_worker, wait_for, worker_env
from tests.synth import image_pdf, make_document, render, scan
from workers.records import extraction_of

UNIT = "000.17.22.H56"


@pytest.fixture
def settings(tmp_path, postgres_url, redis_server, s3, bucket) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=postgres_url, redis_url=redis_server.url,
                    s3_endpoint=s3.endpoint, s3_access_key="testing", s3_secret_key="testing",
                    s3_bucket=bucket, job_timeout=40, job_retries=3, retry_intervals=[1, 2, 3],
                    reconcile_interval=5)


def upload(client: TestClient, files: dict[str, bytes]) -> tuple[int, list[int]]:
    dossier = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    response = client.post(f"/dossiers/{dossier['id']}/attachments",
                           files=[("files", (name, data)) for name, data in files.items()])
    assert response.status_code == 202, response.text
    return dossier["id"], [a["attachment_id"] for a in response.json()["attachments"]]


def attachment(services, att_id: int) -> Attachment:
    with services.sessions() as session:
        return session.get(Attachment, att_id)


def scanned_pdf() -> bytes:
    return image_pdf([render(make_document("to_khai_khai_sinh", seed=8)).convert("L")], dpi=300)


def ocr_under_way(worker, proxy: StallingProxy) -> bool:
    """tesseract runs under the worker's work horse, or OCR is over and the job is writing its searchable copy."""
    return proxy.stalled > 0 or any(comm(pid) == "tesseract" for pid in descendants(worker.pid))


def comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def test_worker_killed_mid_ocr_job_is_retried_once_with_one_result(settings, s3, proxies):
    proxy = StallingProxy(int(s3.endpoint.rsplit(":", 1)[1]))
    proxies.append(proxy)
    settings.s3_endpoint, settings.s3_timeout = proxy.endpoint, 30
    services = build(settings)
    client = TestClient(create_app(services), headers=token_for(services, "clerk", UNIT))
    _, (att_id,) = upload(client, {"scan.pdf": scanned_pdf()})

    # The searchable copy is written after OCR and before the job records its result: while its write
    # stalls, the job cannot finish, however fast the page reads.
    proxy.stall(b".ocr.pdf")
    first = start_worker(settings)
    try:
        wait_for(lambda: ocr_under_way(first, proxy), 180, "OCR to be under way", every=0.05)
    finally:
        kill_tree(first)  # SIGKILL the worker, its work horse and tesseract in the middle of the job
    assert attachment(services, att_id).status == "processing"

    proxy.resume()
    second = start_worker(settings)
    try:
        done = wait_for(lambda: (a := attachment(services, att_id)).status == "done" and a, 240,
                        "the retried job to finish")
    finally:
        kill_tree(second)
    assert done.attempts >= 2 and done.pages == 1 and extraction_of(done).doc_type == "to_khai_khai_sinh"
    keys = set(services.objects.keys())
    assert keys == {done.object_key, done.digitized_key}  # one original, one digitized copy, no orphans
    with services.sessions() as session:
        assert session.query(Attachment).count() == 1


def test_redis_restart_loses_the_queue_and_reconcile_recovers_it(settings, redis_server):
    services = build(settings)
    client = TestClient(create_app(services), headers=token_for(services, "clerk", UNIT))
    doc = make_document("cccd", seed=2)
    _, ids = upload(client, {"cccd.jpg": scan(doc, "clean", seed=2)[0]})
    redis_server.stop()
    redis_server.start()  # empty: every queued job is gone
    assert services.queue.count == 0
    assert attachment(services, ids[0]).status == "queued"  # the database still knows

    run = subprocess.run([sys.executable, "-m", "sohoa.cli", "reconcile", "--json"],
                         env=worker_env(settings), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert '"requeued": []' in run.stdout  # too fresh: inside the grace period an upload may be enqueueing

    from datetime import timedelta

    from workers.reconcile import reconcile

    report = reconcile(services, grace=timedelta(0))
    assert report.requeued == ids and report.orphan_objects == [] and report.missing_objects == []
    subprocess.run([sys.executable, "-m", "sohoa.cli", "worker", "--burst"], env=worker_env(settings),
                   check=True, timeout=180, capture_output=True)
    assert attachment(services, ids[0]).status == "done"


def test_s3_down_at_upload_is_a_clean_503_with_nothing_recorded(settings, s3):
    services = build(settings)
    client = TestClient(create_app(services), headers=token_for(services, "clerk", UNIT))
    dossier = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    s3.stop()
    data = scan(make_document("cccd", seed=4), "clean", seed=4)[0]
    response = client.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("cccd.jpg", data))])
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "storage_unavailable"
    with services.sessions() as session:
        assert session.query(Attachment).count() == 0
    assert services.queue.count == 0


def test_s3_down_during_the_job_retries_with_backoff_until_it_is_back(settings, s3):
    services = build(settings)
    client = TestClient(create_app(services), headers=token_for(services, "clerk", UNIT))
    _, (att_id,) = upload(client, {"cccd.jpg": scan(make_document("cccd", seed=5), "clean", seed=5)[0]})
    s3.stop()
    worker = start_worker(settings)
    try:
        failed_once = wait_for(lambda: (a := attachment(services, att_id)).status == "retrying" and a, 60,
                               "the job to fail on storage and wait for its retry")
        assert failed_once.error
        s3.start()
        wait_for(lambda: attachment(services, att_id).status == "done", 120, "the retry to succeed")
    finally:
        kill_tree(worker)
    assert attachment(services, att_id).error is None


def test_database_connections_cut_mid_run_recover_without_restart(settings, postgres_admin):
    services = build(settings)
    client = TestClient(create_app(services), headers=token_for(services, "clerk", UNIT))
    first = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"})
    assert first.status_code == 201
    # What a PostgreSQL restart does to a client: every open connection dies.
    database = services.engine.url.database
    with postgres_admin.connect() as conn:
        killed = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE datname = :db AND pid <> pg_backend_pid()"), {"db": database}).scalar()
        assert killed >= 1  # the app's pooled connection was among them
        wait_for(lambda: not conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :db AND "
                                               "pid <> pg_backend_pid()"), {"db": database}).scalar(),
                 10, "the terminated sessions to end")
    again = client.get(f"/dossiers/{first.json()['id']}")
    assert again.status_code == 200  # checkout replaced the closed connection; no restart needed


@pytest.fixture
def private_postgres():
    server = PostgresServer(free_port())
    server.start()
    yield server
    server.remove()


def test_postgresql_restarted_mid_run_fails_cleanly_then_api_and_worker_recover(tmp_path, private_postgres,
                                                                                 redis_server, s3, bucket):
    settings = Settings(data_dir=tmp_path / "data", database_url=private_postgres.url, redis_url=redis_server.url,
                        s3_endpoint=s3.endpoint, s3_access_key="testing", s3_secret_key="testing",
                        s3_bucket=bucket, retry_intervals=[1, 2, 3], reconcile_interval=5)
    services = build(settings)
    client = TestClient(create_app(services), headers=token_for(services, "clerk", UNIT))
    page = scan(make_document("cccd", seed=21), "office", seed=21)[0]
    worker = start_worker(settings)
    try:
        dossier = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()

        private_postgres.stop()  # a real server shutdown: every connection is cut, nothing answers
        down = client.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("cccd.jpg", page))])
        assert down.status_code == 503 and down.json()["error"]["code"] == "database_unavailable"
        assert list(services.objects.keys()) == []  # refused before anything was stored

        private_postgres.start()  # same address: the API and the worker must carry on without a restart
        up = client.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("cccd.jpg", page))])
        assert up.status_code == 202, up.text
        att_id = up.json()["attachments"][0]["attachment_id"]
        done = wait_for(lambda: (a := attachment(services, att_id)).status == "done" and a, 180,
                        "the worker started before the restart to process the upload")
        assert extraction_of(done).doc_type == "cccd" and worker.poll() is None
    finally:
        kill_tree(worker)
        services.engine.dispose()
