"""Settings made at run time: the download-link signing key shared by every API process."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

from core.settings import Settings


def _key(data_dir: str) -> bytes:
    return Settings(data_dir=data_dir).signing_key()


def test_api_processes_starting_together_share_one_signing_key(tmp_path):
    # Fresh interpreters, as uvicorn starts its processes: forking this test process would copy the threads other
    # tests left (TestClient portals) and their locks. close + join, not the context manager's terminate, which
    # can kill a worker holding the pool's queue lock and leave the rest waiting on it.
    pool = multiprocessing.get_context("spawn").Pool(8)
    try:
        keys = pool.map(_key, [str(tmp_path)] * 32)
    finally:
        pool.close()
        pool.join()
    assert len(set(keys)) == 1 and len(keys[0]) == 32
    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]  # no leftover temporary files


def test_a_key_made_by_another_process_after_the_check_is_kept(tmp_path, monkeypatch):
    """The race itself: this process found no key, another made one before this one wrote its own."""
    first = _key(str(tmp_path))
    monkeypatch.setattr(Path, "exists", lambda self: False)
    assert _key(str(tmp_path)) == first
