"""Builds the live handles (database, object store, queue) from Settings, once per process."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rq import Queue
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from sohoa.settings import Settings
from storage.db import make_engine, migrate, schema_lock, session_factory
from storage.objects import LocalObjectStore, ObjectStore, S3ObjectStore
from storage.seed import seed
from workers.queue import connect, make_queue

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    objects: ObjectStore
    queue: Queue


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


def build(settings: Settings, *, pooled: bool = True) -> Services:
    """pooled=False for RQ workers, whose forked work horses must not share connections."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url, pooled=pooled, connect_timeout=settings.database_connect_timeout,
                         statement_timeout=settings.database_statement_timeout)
    sessions = session_factory(engine)
    with schema_lock(engine), sessions() as session:
        migrate(engine)
        seed(session)
    queue = make_queue(settings, connect(settings.redis_url, settings.redis_timeout))
    return Services(settings=settings, engine=engine, sessions=sessions, objects=make_object_store(settings),
                    queue=queue)
