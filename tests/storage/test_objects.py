"""The object store behaves the same on a local folder and on a real S3 server."""

from __future__ import annotations

import pytest

from storage.objects import LocalObjectStore, ObjectNotFound, S3ObjectStore, digitized_key, original_key


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path, bucket):
    if request.param == "local":
        return LocalObjectStore(tmp_path / "objects")
    server = request.getfixturevalue("s3_server")
    s3 = S3ObjectStore(server["endpoint"], server["access_key"], server["secret_key"], bucket)
    s3.ensure_bucket()
    return s3


def test_keys_are_deterministic():
    key = original_key("000.17.22.H56", 2021, "000.17.22.H56-210531-0001", "ab" * 32)
    assert key == f"000.17.22.H56/2021/000.17.22.H56-210531-0001/{'ab' * 32}"
    assert digitized_key(key) == key + ".ocr.pdf"


def test_put_get_overwrite_delete(store):
    store.put("u/2026/r/abc", b"first", "application/pdf")
    store.put("u/2026/r/abc", b"second", "application/pdf")  # same key twice: last write wins, no error
    store.put("u/2026/r/def", "chữ Việt".encode(), "text/plain")
    assert store.get("u/2026/r/abc") == b"second"
    assert store.get("u/2026/r/def").decode() == "chữ Việt"
    assert sorted(store.keys("u/2026/")) == ["u/2026/r/abc", "u/2026/r/def"]
    store.delete("u/2026/r/abc")
    assert not store.exists("u/2026/r/abc")
    assert store.exists("u/2026/r/def")
    with pytest.raises(ObjectNotFound):
        store.get("u/2026/r/abc")


def test_local_store_refuses_keys_that_escape(tmp_path):
    store = LocalObjectStore(tmp_path / "objects")
    with pytest.raises(ValueError):
        store.put("../outside", b"x", "text/plain")
    assert not (tmp_path / "outside").exists()


def test_presigned_url_serves_the_object(s3_server, bucket):
    import httpx

    s3 = S3ObjectStore(s3_server["endpoint"], s3_server["access_key"], s3_server["secret_key"], bucket)
    s3.ensure_bucket()
    s3.put("k/1", b"%PDF-1.4 test", "application/pdf")
    assert httpx.get(s3.presigned_url("k/1")).content == b"%PDF-1.4 test"
