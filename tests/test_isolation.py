"""The test suite keeps to itself: the shell's configuration never reaches a fixture, a skip goes through the
fail-under-CI rule, and CI runs the README's test command with CI=true."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

from tests.conftest import configuration_names

ROOT = Path(__file__).resolve().parent.parent


class Listener:
    """A loopback port that counts the connections made to it (and answers none)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


def test_a_configured_shell_does_not_reach_the_fixtures(tmp_path):
    """A host with DATABASE_URL, REDIS_URL and S3_ENDPOINT set (here: ports that count connections) runs
    tests on the embedded fixture and the full one: both pass, and nothing connects to the host's servers or
    writes into its data folder."""
    database, redis, s3 = Listener(), Listener(), Listener()
    host_data = tmp_path / "host-data"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "OMP_THREAD_LIMIT": "1",
           "SOHOA_TEST_DATABASE_URL": "postgresql://sohoa:sohoa@127.0.0.1:5432/postgres",
           "DATABASE_URL": f"postgresql://host:pw@127.0.0.1:{database.port}/production",
           "SOHOA_REDIS_URL": f"redis://127.0.0.1:{redis.port}/0", "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
           "S3_ENDPOINT": f"http://127.0.0.1:{s3.port}", "S3_BUCKET": "production",
           "SOHOA_DATA_DIR": str(host_data)}
    env.update({k: v for k, v in os.environ.items() if k in ("SOHOA_TEST_DATABASE_URL", "CI")})
    try:
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "tests/api/test_access.py::test_no_token_is_401_everywhere",
                              "tests/storage/test_objects.py"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    finally:
        for listener in (database, redis, s3):
            listener.close()
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "passed" in run.stdout and "skipped" not in run.stdout
    assert (database.accepted, redis.accepted, s3.accepted) == (0, 0, 0)
    assert not host_data.exists()


def test_the_isolation_hides_every_configuration_name():
    names = ["DATABASE_URL", "SOHOA_DATABASE_URL", "REDIS_URL", "S3_ENDPOINT", "S3_SECRET_KEY", "SOHOA_S3_BUCKET",
             "SOHOA_DATA_DIR", "SOHOA_MAX_UPLOAD_BYTES", "SOHOA_TEST_DATABASE_URL", "CI", "PATH"]
    assert configuration_names(dict.fromkeys(names, "x")) == names[:8]


def test_every_skip_goes_through_the_fail_under_ci_rule():
    """pytest.skip / skipif / importorskip only in tests/conftest.py's `unavailable`."""
    pattern = re.compile(r"pytest\.(skip|importorskip)\b|mark\.(skip|skipif)\b")
    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "tests").rglob("*.py"))
             if path.name != "conftest.py" and path != Path(__file__).resolve()
             for n, line in enumerate(path.read_text().splitlines(), 1) if pattern.search(line)]
    assert found == []


def test_ci_runs_the_readme_test_command_with_ci_true():
    run = (ROOT / ".ci/run").read_text()
    assert re.search(r"^export CI=true$", run, re.M)
    assert re.search(r"^exec scripts/test\.sh$", run, re.M)
    assert "scripts/test.sh" in (ROOT / "README.md").read_text()
