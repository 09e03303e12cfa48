"""A job's services come from the process that starts the jobs; a process that installed none says so."""

from __future__ import annotations

import subprocess
import sys


def test_a_job_without_installed_services_fails_plainly_instead_of_reading_the_environment():
    run = subprocess.run([sys.executable, "-c", "from workers.context import current; current()"],
                         capture_output=True, text=True, timeout=60,
                         env={"PATH": "", "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"})
    assert run.returncode != 0
    assert "RuntimeError: no services installed: jobs run under `sohoa worker`" in run.stderr
