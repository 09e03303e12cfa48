"""The services a job uses, installed once by whoever starts the jobs (CLI, API, worker)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sohoa.services import Services

_services: Services | None = None


def install(services: Services) -> None:
    global _services
    _services = services


def current() -> Services:
    global _services
    if _services is None:
        # A bare `rq worker` process: build from the environment, like `sohoa worker` would.
        from sohoa.services import build
        from sohoa.settings import Settings

        _services = build(Settings(), pooled=False)
    return _services
