"""Outages answer cleanly: with PostgreSQL, Redis or S3 refused or hung, every route answers within seconds in
the error shape (a JSON 503 naming what is away where the route needs it, its usual answer where it does not),
never a plain-text 500; a hung store does not hold the other units' requests."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from core.services import Services
from core.settings import Settings
from sohoa.services import build
from storage.db import make_engine, session_factory
from storage.models import Attachment
from storage.objects import S3ObjectStore
from tests.conftest import free_port, token_for
from tests.faults.conftest import ServerThread
from tests.procs import StallingProxy, wait_for
from tests.routes import PUBLIC, ROUTES, UNIT, Target, add_spare, check_every_route_is_listed, finished_dossier
from tests.synth import make_document, scan, text_pdf

OTHER = "000.17.23.H56"
NEEDS = {  # the routes that cannot answer without each dependency
    "database": {*ROUTES, ("GET", "/metrics")},
    "redis": {("GET", "/jobs/{job_id}"), ("GET", "/ops/status"), ("POST", "/ops/attachments/{attachment_id}/retry"),
              ("GET", "/metrics")},
    "s3": {("POST", "/dossiers/{dossier_id}/attachments"), ("POST", "/dossiers/{dossier_id}/result"),
           ("GET", "/dossiers/{dossier_id}/attachments/{attachment_id}/pages/{number}.png")},
}
CODES = {"database": "database_unavailable", "redis": "queue_unavailable", "s3": "storage_unavailable"}


@pytest.fixture
def settings(tmp_path, postgres_url, redis_server, s3, bucket) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=postgres_url, redis_url=redis_server.url,
                    s3_endpoint=s3.endpoint, s3_access_key="testing", s3_secret_key="testing", s3_bucket=bucket,
                    s3_timeout=1, redis_timeout=1, database_connect_timeout=2)


def prepare(services: Services) -> tuple[TestClient, Target]:
    """An admin's client (server errors come back as responses) and a dossier with two stored attachments,
    one of them failed."""
    app = create_app(services)
    check_every_route_is_listed(app)
    add_spare(services)
    admin = TestClient(app, headers=token_for(services, "admin", UNIT), raise_server_exceptions=False)
    dossier = admin.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    ids = []
    for seed in (3, 4):
        pdf = text_pdf(make_document("to_khai_khai_sinh", seed=seed))
        uploaded = admin.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", (f"{seed}.pdf", pdf))])
        assert uploaded.status_code == 202, uploaded.text
        ids.append(uploaded.json()["attachments"][0]["attachment_id"])
    with services.sessions() as session:
        session.get(Attachment, ids[1]).status = "failed"
        session.commit()
    finished, finished_attachment = finished_dossier(admin, UNIT, 0)
    return admin, Target(UNIT, dossier["id"], ids[0], ids[1], secrets=[], finished=finished,
                         finished_attachment=finished_attachment)


def break_it(outage: str, services: Services, redis_server, s3, proxies: list[StallingProxy]) -> None:
    """Cut one dependency: refused (stopped, or a closed port) or hung (accepts, never answers)."""
    settings = services.settings
    dependency, how = outage.split("-")
    if dependency == "database":
        if how == "refused":
            url = f"postgresql+psycopg://sohoa@127.0.0.1:{free_port()}/gone"
        else:
            proxy = StallingProxy(services.engine.url.port)
            proxy.stall()
            proxies.append(proxy)
            url = services.engine.url.set(port=proxy.port).render_as_string(hide_password=False)
        services.engine.dispose()
        services.engine = make_engine(url, connect_timeout=settings.database_connect_timeout,
                                      statement_timeout=settings.database_statement_timeout)
        services.sessions = session_factory(services.engine)
    elif dependency == "redis":
        if how == "refused":
            redis_server.stop()
        else:
            os.kill(redis_server.proc.pid, signal.SIGSTOP)  # the server accepts (the kernel does) and never answers
    elif how == "refused":
        s3.stop()
    else:
        proxy = StallingProxy(int(s3.endpoint.rsplit(":", 1)[1]))
        proxy.stall()
        proxies.append(proxy)
        services.objects = S3ObjectStore(proxy.endpoint, "testing", "testing", settings.s3_bucket,
                                         timeout=settings.s3_timeout)


@pytest.mark.parametrize("outage", ["database-refused", "database-hung", "redis-refused", "redis-hung",
                                    "s3-refused", "s3-hung"])
def test_every_route_answers_in_the_error_shape_during_an_outage(settings, redis_server, s3, proxies, outage):
    services = build(settings)
    admin, target = prepare(services)
    break_it(outage, services, redis_server, s3, proxies)
    dependency = outage.split("-")[0]
    calls: dict[tuple[str, str], Callable[[], httpx.Response]] = {
        **{key: (lambda c=case: admin.request(**c.request(target, target))) for key, case in ROUTES.items()},
        **{key: (lambda u=url: admin.get(u(target))) for key, url in PUBLIC.items()}}
    answers = {}
    for key, call in calls.items():
        started = time.monotonic()
        response = call()
        answers[key] = response.status_code
        assert time.monotonic() - started < 10, (outage, key)  # a few timeouts at most, never minutes
        assert response.status_code != 500, (outage, key, response.text[:300])
        if response.status_code >= 400:
            error = response.json()["error"]  # JSON in the app's shape, whatever went wrong
            assert error["code"] and error["vi"] and error["en"], (outage, key)
        if key in NEEDS[dependency]:
            assert response.status_code == 503, (outage, key, response.status_code, response.text[:300])
            assert error["code"] == CODES[dependency] and response.headers["retry-after"], (outage, key)
            assert "Traceback" not in response.text and "SELECT" not in response.text
        else:  # the routes that do not need it go on answering as usual
            assert response.status_code != 503, (outage, key, response.text[:300])
    assert answers[("GET", "/health")] == 200


def test_a_hung_store_answers_503_within_10_s_while_the_other_units_requests_are_answered(
        tmp_path, postgres_url, redis_url, s3_server, bucket, proxies):
    """The store hangs for one unit's objects (a proxy holds every request for its keys): that unit's uploads
    and page thumbnail answer 503 within 10 s (the default timeouts), and meanwhile another unit's requests,
    its own upload and thumbnail through the same store among them, are answered."""
    proxy = StallingProxy(int(s3_server["endpoint"].rsplit(":", 1)[1]))
    proxies.append(proxy)
    settings = Settings(data_dir=tmp_path / "data", database_url=postgres_url, redis_url=redis_url,
                        s3_endpoint=proxy.endpoint, s3_access_key=s3_server["access_key"],
                        s3_secret_key=s3_server["secret_key"], s3_bucket=bucket)
    assert settings.s3_timeout <= 5 and settings.accept_threads == 4
    services = build(settings)
    pages = [scan(make_document("cccd", seed=40 + n), "clean", seed=40 + n)[0] for n in range(5)]
    with ServerThread(create_app(services)) as server:
        mine = httpx.Client(base_url=server.url, headers=token_for(services, "clerk", UNIT), timeout=60)
        theirs = httpx.Client(base_url=server.url, headers=token_for(services, "clerk", OTHER), timeout=60)
        dossiers = {}
        for client, unit, page in ((mine, UNIT, pages[0]), (theirs, OTHER, pages[1])):
            d = client.post("/dossiers", json={"unit_code": unit, "procedure_code": "1.001193"}).json()
            att = client.post(f"/dossiers/{d['id']}/attachments", files=[("files", ("a.jpg", page))]).json()
            dossiers[unit] = (d["id"], att["attachments"][0]["attachment_id"])

        proxy.stall(f"/{bucket}/{UNIT}/".encode())  # object keys begin with the unit's code
        d_mine, a_mine = dossiers[UNIT]
        hung = [("upload", lambda p=p: mine.post(f"/dossiers/{d_mine}/attachments", files=[("files", ("b.jpg", p))]))
                for p in pages[2:5]]  # three of the four accept threads
        hung.append(("thumbnail", lambda: mine.get(f"/dossiers/{d_mine}/attachments/{a_mine}/pages/1.png")))
        with ThreadPoolExecutor(len(hung)) as pool:
            started = time.monotonic()
            futures = [pool.submit(lambda call=call: (call(), time.monotonic() - started)) for _, call in hung]
            wait_for(lambda: proxy.stalled >= len(hung), 10, "every request of the unit to reach the hung store")

            d_theirs, a_theirs = dossiers[OTHER]
            answered = [theirs.get("/health"), theirs.get(f"/dossiers/{d_theirs}"), theirs.get("/dossiers"),
                        theirs.get(f"/dossiers/{d_theirs}/attachments/{a_theirs}/pages/1.png"),
                        theirs.post(f"/dossiers/{d_theirs}/attachments", files=[("files", ("c.jpg", pages[4]))])]
            still_hung = sum(not f.done() for f in futures)
            results = [f.result() for f in futures]
        assert [r.status_code for r in answered] == [200, 200, 200, 200, 202]
        assert still_hung == len(hung)  # the other unit was answered while this one's requests hung
        for (what, _), (response, seconds) in zip(hung, results, strict=True):
            assert response.status_code == 503, (what, response.text)
            assert response.json()["error"]["code"] == "storage_unavailable", what
            assert seconds < 10, (what, seconds)
    with services.sessions() as session:  # nothing of the refused uploads was recorded
        assert session.query(Attachment).join(Attachment.dossier).filter_by(unit_code=UNIT).count() == 1
    services.engine.dispose()


def test_a_far_off_due_date_is_a_422_with_its_reason(embedded):
    client = TestClient(create_app(embedded), headers=token_for(embedded, "clerk", UNIT))
    response = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193",
                                              "due_at": "9999-12-31T23:59:59Z"})
    assert response.status_code == 422
    (detail,) = response.json()["error"]["details"]
    assert detail["loc"] == ["body", "due_at"] and "due_at" in detail["msg"] and "hạn trả" in detail["msg"]
