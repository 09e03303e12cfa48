"""Ready an API process before it takes connections, so the first rush of the day is not also its cold start.

Each process opens its database connections on first use and PostgreSQL loads a new backend's catalog on
its first queries; with a cold pool the first 50 uploads of a rush waited on that too. Warming opens as many
connections as the process uploads at once (`accept_threads`) and runs the counter's read statements on
each, with parameters that match nothing.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack

from api.auth import SIGN_IN
from core.services import Services
from ingest.intake import HELD, TARGET

log = logging.getLogger(__name__)


def warm_up(services: Services) -> None:
    """Best effort: a database or Redis that is not up yet is the requests' business, not the start's."""
    try:
        with ExitStack() as stack:
            sessions = [stack.enter_context(services.sessions()) for _ in range(services.settings.accept_threads)]
            for session in sessions:  # each holds its connection until all are open: N connections, not one
                session.execute(SIGN_IN, {"token_hash": ""}).first()
                session.execute(TARGET, {"dossier_id": 0}).first()
                session.execute(HELD, {"dossier_id": 0, "shas": [""]}).all()
        services.queue.connection.ping()
    except Exception as exc:
        log.warning("warm-up incomplete: %s", exc)
