"""The services a job uses, installed once by whoever starts the jobs (the shell's worker command, the CLI, the
API): an RQ job gets only its arguments, so its handles come from here."""

from __future__ import annotations

from core.services import Services

_services: Services | None = None


def install(services: Services) -> None:
    global _services
    _services = services


def current() -> Services:
    if _services is None:
        raise RuntimeError("no services installed: jobs run under `sohoa worker` (or the CLI/API in-process)")
    return _services
