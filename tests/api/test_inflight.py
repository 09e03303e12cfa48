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


def test_one_upload_at_a_time_checks_scan_quality_inline() -> None:
    count = UploadCount(limit=4)
    count.value = 2  # this upload and one other in flight
    # The second arrives while the first is checking.
    with count.inline_check() as first, count.inline_check() as second:
        pass
    with count.inline_check() as third:  # the first check is over
        pass
    assert (first, second, third) == (True, False, True)
    assert count.checking == 0


def test_no_inline_check_past_the_limit_of_uploads_in_flight() -> None:
    count = UploadCount(limit=4)
    count.value = 5  # this upload and four others
    with count.inline_check() as inline:
        assert not inline and count.checking == 0
    count.value = 4
    with count.inline_check() as inline:
        assert inline and count.checking == 1
