"""The worker's CPU priority below the API's. Light on imports: `sohoa worker` lowers it before it loads
OCR and extraction (~3 s of CPU), so a worker (re)starting in office hours does not take the counter's CPU."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from core.settings import Settings

log = logging.getLogger(__name__)
AUTOGROUP = Path("/proc/self/autogroup")
AUTOGROUP_NICE = 19  # the group's weight: 15 against a normal group's 1024


def lower_priority(settings: Settings) -> None:
    """OCR is batch work and the counter is waiting: where a worker shares cores with the API, the API's
    requests come first. Work horses and tesseract inherit the niceness and the scheduling policy.
    Idempotent: the niceness is set, not added to."""
    if settings.worker_nice > os.getpriority(os.PRIO_PROCESS, 0):
        os.setpriority(os.PRIO_PROCESS, 0, settings.worker_nice)
    if settings.worker_sched_idle and hasattr(os, "SCHED_IDLE"):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    if settings.worker_nice or settings.worker_sched_idle:
        lower_autogroup()


def lower_autogroup(path: Path = AUTOGROUP) -> bool:
    """With the kernel's autogroup on (most desktops and many VMs), CFS shares the CPU between sessions
    first and only then between the tasks of a session: a worker in a session of its own (systemd, a
    container, a supervisor's setsid) took an equal share beside the API whatever its nice or SCHED_IDLE
    (load benchmark: 68 uploads/s with 2 workers against 103 with none). Renice the session's group too,
    but only when the worker leads its session: a shell's session holds the API and the shell as well."""
    if os.getsid(0) != os.getpid() or not path.exists():
        return False
    try:
        path.write_text(str(AUTOGROUP_NICE))
    except OSError as exc:  # autogroup off (EINVAL on some kernels), or a read-only /proc
        log.info("could not lower the session's autogroup: %s", exc)
        return False
    return True
