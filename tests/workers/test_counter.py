"""The counter comes first: a busy API marks Redis, and workers hold new jobs back while the mark stands."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

from fastapi.testclient import TestClient
from redis import Redis
from rq.job import Job
from starlette.datastructures import Headers, UploadFile

from api.app import create_app
from api.uploads import Caller, accept_upload
from ingest.dossiers import NewDossier, open_dossier
from sohoa.services import build
from storage.models import Attachment
from tests.conftest import token_for
from tests.synth import make_document, scan
from workers.context import install
from workers.counter import BUSY, hold_back
from workers.queue import attachment_job_id, enqueue_attachment
from workers.worker import SohoaWorker, make_worker

UNIT = "000.17.22.H56"


def _attachment(services) -> int:
    """A queued attachment whose original is absent: its job fails at once, which is all these tests need."""
    with services.sessions() as session:
        dossier = open_dossier(session, NewDossier(unit_code=UNIT, procedure_code="1.001193"))
        att = Attachment(dossier_id=dossier.id, filename="x.png", sha256="1" * 64, size=1, media_type="image/png",
                         object_key="missing/object", status="queued")
        session.add(att)
        session.commit()
        return att.id


def _start_delay(full_settings, monkeypatch, *, counter_busy: bool) -> tuple[float, list[str]]:
    """Seconds from enqueueing a job to a worker starting it, and what the worker said it was doing."""
    full_settings.job_retries, full_settings.counter_busy_seconds = 0, 1.5
    services = build(full_settings, pooled=False)
    install(services)
    services.queue.connection.delete(BUSY)
    said: list[str] = []
    monkeypatch.setattr(SohoaWorker, "procline", lambda self, message: said.append(message))
    att_id = _attachment(services)
    enqueued = datetime.now(UTC)
    enqueue_attachment(services.queue, att_id, services.settings, fresh=True, counter_busy=counter_busy)
    make_worker(services).work(burst=True)
    job = Job.fetch(attachment_job_id(att_id), connection=services.queue.connection)
    return (job.started_at.replace(tzinfo=UTC) - enqueued).total_seconds(), said


def holding(said: list[str]) -> list[str]:
    return [m for m in said if m.startswith("Holding")]


def test_a_worker_holds_a_job_back_while_the_counter_is_busy(full_settings, monkeypatch):
    delay, said = _start_delay(full_settings, monkeypatch, counter_busy=True)
    assert len(holding(said)) == 1
    assert delay >= 1.3  # the 1.5 s mark, less clock rounding


def test_a_worker_starts_at_once_when_the_counter_is_not_busy(full_settings, monkeypatch):
    delay, said = _start_delay(full_settings, monkeypatch, counter_busy=False)
    assert said and holding(said) == []  # the worker spoke, and never of holding back
    assert delay >= 0  # it did start the job


def test_the_hold_is_bounded_and_ends_with_the_mark_or_a_shutdown(redis_url):
    redis = Redis.from_url(redis_url)
    redis.set(BUSY, 1, px=60_000)
    assert hold_back(redis, 0.3) >= 0.3
    assert redis.pttl(BUSY) > 30_000  # it gave up though the mark stands: a long rush, OCR still gets its turn
    asked: list[int] = []
    hold_back(redis, 60, stop=lambda: asked.append(1) or len(asked) >= 3)  # a warm shutdown on the third look
    assert len(asked) == 3 and redis.pttl(BUSY) > 0  # it ended with the shutdown, the mark still standing
    redis.set(BUSY, 1, px=300)
    told = []
    assert hold_back(redis, 60, holding=lambda: told.append(1)) >= 0.2
    assert not redis.exists(BUSY)  # it ended with the mark
    hold_back(redis, 60, holding=lambda: told.append(2))
    assert told == [1]  # said once, and only when it held back: no mark, no wait
    redis.delete(BUSY)


def test_a_busy_api_marks_the_counter_busy_and_a_quiet_one_does_not(full_settings):
    page = scan(make_document("cccd", seed=7), "office", seed=7)[0]
    for inline_max, marked in ((4, False), (0, True)):  # quality_inline_max=0: every upload finds the API busy
        full_settings.quality_inline_max = inline_max
        services = build(full_settings)
        services.queue.connection.delete(BUSY)
        client = TestClient(create_app(services), headers=token_for(services, "clerk", UNIT))
        dossier = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
        response = client.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("a.jpg", page))])
        assert response.status_code == 202
        assert bool(services.queue.connection.exists(BUSY)) is marked, inline_max
        if marked:
            assert 0 < services.queue.connection.pttl(BUSY) <= full_settings.counter_busy_seconds * 1000
        services.engine.dispose()


def test_an_inline_check_that_gives_up_leaves_quality_to_the_worker_and_marks_the_counter(full_settings):
    """An upload that started its scan-quality check while quiet, and found the API busy midway."""
    page = scan(make_document("cccd", seed=8), "office", seed=8)[0]
    services = build(full_settings)
    auth = token_for(services, "clerk", UNIT)["Authorization"]
    with services.sessions() as session:
        dossier_id = open_dossier(session, NewDossier(unit_code=UNIT, procedure_code="1.001193")).id
    for n, (busy, marked) in enumerate(((False, False), (True, True))):
        services.queue.connection.delete(BUSY)
        upload = UploadFile(BytesIO(page + bytes(n)), filename=f"{n}.jpg",
                            headers=Headers({"content-type": "image/jpeg"}))
        (received,) = accept_upload(services, Caller(auth), dossier_id, [upload], True, lambda busy=busy: busy)
        with services.sessions() as session:
            stored = session.get(Attachment, received.attachment_id).quality
        assert (received.quality is None, stored is None) == (busy, busy)
        assert bool(services.queue.connection.exists(BUSY)) is marked
    services.engine.dispose()
