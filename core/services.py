"""The live handles a stage is handed (database sessions, object store, queue); the shell builds them once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # for the annotations only: importing core stays cheap (the CLI's start-up)
    from rq import Queue
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from core.settings import Settings


class ObjectStore(Protocol):
    """Originals and digitized copies by key: storage.objects has a local folder and an S3 implementation."""

    def put(self, key: str, data: bytes, content_type: str) -> None: ...
    def get(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def keys(self, prefix: str = "") -> Iterator[str]: ...
    def modified(self, key: str) -> datetime: ...


@dataclass
class Services:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    objects: ObjectStore
    queue: Queue
