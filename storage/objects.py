"""Object stores (core.services.ObjectStore) for originals and digitized copies: a local folder by default,
S3/MinIO when configured.

Keys are deterministic (unit/year/receipt code/sha256), so writing the same object twice is harmless.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

import urllib3
from minio import Minio
from minio.error import MinioException, S3Error


class ObjectNotFound(KeyError):
    pass


class StorageUnavailable(Exception):
    """The object store refused, failed or did not answer in time; the caller may try again later."""


def original_key(unit_code: str, year: int, receipt_code: str, sha256: str) -> str:
    return f"{unit_code}/{year}/{receipt_code}/{sha256}"


def digitized_key(original: str) -> str:
    return f"{original}.ocr.pdf"


class LocalObjectStore:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError(f"object key escapes the store: {key!r}")
        return path

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a crash never leaves a half-written object under the real key.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def modified(self, key: str) -> datetime:
        try:
            return datetime.fromtimestamp(self._path(key).stat().st_mtime, UTC)
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc

    def keys(self, prefix: str = "") -> Iterator[str]:
        for path in sorted(self.root.rglob("*")):
            key = path.relative_to(self.root).as_posix()
            if path.is_file() and not path.name.startswith(".part-") and key.startswith(prefix):
                yield key


MISSING = ("NoSuchKey", "NoSuchObject", "NotFound")


@contextlib.contextmanager
def _answering() -> Iterator[None]:
    """Network failures, timeouts and server errors become StorageUnavailable; a missing object stays
    ObjectNotFound."""
    try:
        yield
    except (ObjectNotFound, StorageUnavailable):
        raise
    except (urllib3.exceptions.HTTPError, MinioException, OSError) as exc:
        raise StorageUnavailable(f"{type(exc).__name__}: {exc}") from exc


def http_client(timeout: float) -> urllib3.PoolManager:
    """minio's own client waits five minutes and retries five times: a hung store would hold a request
    thread for as long. A refused connection is tried twice more; a read that timed out is not repeated."""
    return urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=timeout, read=timeout), maxsize=10,
        cert_reqs="CERT_REQUIRED", ca_certs=os.environ.get("SSL_CERT_FILE"),  # unset: the system's store
        retries=urllib3.Retry(total=2, connect=2, read=0, status=1, backoff_factor=0.2,
                              status_forcelist=[500, 502, 503, 504]))


class S3ObjectStore:
    """Any S3 endpoint through the minio client: MinIO in production, moto's server in tests. Every call
    gives up after `timeout` seconds without an answer (StorageUnavailable)."""

    def __init__(self, endpoint: str, access_key: str, secret_key: str, bucket: str,
                 *, secure: bool = False, region: str = "us-east-1", timeout: float = 5.0) -> None:
        parsed = urlparse(endpoint if "://" in endpoint else f"{'https' if secure else 'http'}://{endpoint}")
        self.client = Minio(parsed.netloc, access_key=access_key, secret_key=secret_key,
                            secure=parsed.scheme == "https", region=region, http_client=http_client(timeout))
        self.bucket = bucket

    def ensure_bucket(self) -> None:
        with _answering():
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        with _answering():
            try:
                self.client.put_object(self.bucket, key, io.BytesIO(data), len(data), content_type=content_type)
            except S3Error as exc:
                if exc.code != "NoSuchBucket":
                    raise
                self.ensure_bucket()  # storage was down when we started, so the bucket was never made
                self.client.put_object(self.bucket, key, io.BytesIO(data), len(data), content_type=content_type)

    def get(self, key: str) -> bytes:
        with _answering():
            try:
                response = self.client.get_object(self.bucket, key)
            except S3Error as exc:
                if exc.code in MISSING:
                    raise ObjectNotFound(key) from exc
                raise
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

    def exists(self, key: str) -> bool:
        with _answering():
            try:
                self.client.stat_object(self.bucket, key)
            except S3Error as exc:
                if exc.code in MISSING:
                    return False
                raise
            return True

    def delete(self, key: str) -> None:
        with _answering():
            self.client.remove_object(self.bucket, key)

    def modified(self, key: str) -> datetime:
        with _answering():
            try:
                return self.client.stat_object(self.bucket, key).last_modified
            except S3Error as exc:
                if exc.code in MISSING:
                    raise ObjectNotFound(key) from exc
                raise

    def keys(self, prefix: str = "") -> Iterator[str]:
        with _answering():
            for obj in self.client.list_objects(self.bucket, prefix=prefix or None, recursive=True):
                yield obj.object_name

    def presigned_url(self, key: str, expires: timedelta = timedelta(minutes=5)) -> str:
        return self.client.presigned_get_object(self.bucket, key, expires=expires)
