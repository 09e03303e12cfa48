"""The service wiring: builds the live handles (core.services.Services) from Settings, once per process."""

from __future__ import annotations

import logging

from core.services import ObjectStore, Services
from core.settings import Settings
from extract.catalogue import load_procedures
from storage.db import make_engine, migrate, schema_lock, session_factory
from storage.objects import LocalObjectStore, S3ObjectStore
from storage.seed import seed
from workers.queue import connect, make_queue

log = logging.getLogger(__name__)


def make_object_store(settings: Settings) -> ObjectStore:
    if settings.uses_s3:
        store = S3ObjectStore(settings.s3_endpoint or "", settings.s3_access_key, settings.s3_secret_key,
                              settings.s3_bucket, secure=settings.s3_secure, region=settings.s3_region,
                              timeout=settings.s3_timeout)
        try:
            store.ensure_bucket()
        except Exception as exc:  # storage down at start-up: serve anyway; uploads answer 503, jobs retry
            log.warning("object store unreachable at start-up (%s); will create the bucket on first write", exc)
        return store
    return LocalObjectStore(settings.objects_dir)


def procedure_rows() -> list[dict]:
    """The procedure catalogue (extract's) as the rows storage seeds."""
    return [p.model_dump(include={"code", "name", "result_paper", "components"}) for p in load_procedures().values()]


def build(settings: Settings, *, pooled: bool = True) -> Services:
    """pooled=False for RQ workers, whose forked work horses must not share connections."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url, pooled=pooled, connect_timeout=settings.database_connect_timeout,
                         statement_timeout=settings.database_statement_timeout)
    sessions = session_factory(engine)
    with schema_lock(engine), sessions() as session:
        migrate(engine)
        seed(session, procedure_rows())
    queue = make_queue(settings, connect(settings.redis_url, settings.redis_timeout))
    return Services(settings=settings, engine=engine, sessions=sessions, objects=make_object_store(settings),
                    queue=queue)
