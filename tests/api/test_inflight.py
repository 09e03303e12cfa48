"""The upload count the API uses to leave the scan-quality check to the worker when busy."""

import asyncio

import pytest

from api.inflight import CountUploads, UploadCount


def scope(content_type: bytes) -> dict:
    return {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-type", content_type)]}


async def nothing() -> dict:
    return {"type": "http.request", "body": b"", "more_body": False}


async def ignore(_: dict) -> None:
    return None


def test_uploads_are_counted_from_their_first_byte_to_their_answer() -> None:
    count, seen = UploadCount(), []

    async def app(scope, receive, send) -> None:
        seen.append(count.value)
        await asyncio.sleep(0.01)

    async def run() -> None:
        counted = CountUploads(app, count)
        multipart = scope(b"multipart/form-data; boundary=x")
        await asyncio.gather(*(counted(multipart, nothing, ignore) for _ in range(3)))
        await counted(scope(b"application/json"), nothing, ignore)

    asyncio.run(run())
    assert seen == [1, 2, 3, 0]  # three uploads at once see each other; a JSON request is not an upload
    assert count.value == 0


def test_a_failed_upload_is_no_longer_counted() -> None:
    count = UploadCount()

    async def app(scope, receive, send) -> None:
        raise RuntimeError("the endpoint failed")

    with pytest.raises(RuntimeError):
        asyncio.run(CountUploads(app, count)(scope(b"multipart/form-data; boundary=x"), nothing, ignore))
    assert count.value == 0
