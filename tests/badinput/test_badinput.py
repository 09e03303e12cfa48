"""The bad-input corpus through the real upload endpoint: a clear 4xx, and nothing stored or enqueued."""

from __future__ import annotations

import asyncio
import io
import time
import tracemalloc
import unicodedata

import httpx
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select

from api.app import create_app
from core.settings import Settings
from ingest.sniff import sniff
from ingest.validate import validate_upload
from ocr.errors import OcrError
from ocr.load import load_pages
from sohoa.services import build
from storage.models import Attachment, Dossier
from tests.badinput.corpus import (
    CASES,
    REGISTER_CASES,
    REGISTER_HEADER,
    REGISTER_ROW,
    Case,
    many_pages_pdf,
    page_tree_bomb,
    tiff,
)
from tests.conftest import token_for
from tests.reports.conftest import to_cp1258

UNIT = "000.17.22.H56"
MB = 1024 * 1024


@pytest.fixture
def client(embedded) -> TestClient:
    return TestClient(create_app(embedded), headers=token_for(embedded, "clerk", UNIT))


def new_dossier(client: TestClient) -> int:
    response = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def assert_nothing_stored(services) -> None:
    with services.sessions() as session:
        assert session.scalars(select(Attachment)).all() == []
    assert list(services.objects.keys()) == []
    assert services.queue.count == 0 and services.queue.connection.keys("rq:job:*") == []


def assert_error_body(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert error["vi"] and error["en"] and error["message"] == f"{error['vi']} / {error['en']}"
    return error


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_upload_is_refused_with_a_reason_and_nothing_is_stored(client, embedded, case: Case):
    dossier_id = new_dossier(client)
    response = client.post(f"/dossiers/{dossier_id}/attachments", files=[("files", (case.filename, case.make()))])
    error = assert_error_body(response, case.status, case.code)
    assert case.filename in error["vi"] and case.filename in error["en"]  # staff see which file was refused
    assert_nothing_stored(embedded)


@pytest.mark.parametrize("case", REGISTER_CASES, ids=[c.name for c in REGISTER_CASES])
def test_bad_register_file_is_refused_with_a_reason_and_nothing_is_imported(embedded, case: Case):
    admin = TestClient(create_app(embedded), headers=token_for(embedded, "admin", UNIT))
    data = case.make()
    tracemalloc.start()
    response = admin.post("/registers/import", files={"file": (case.filename, data)})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert_error_body(response, case.status, case.code)
    assert peak < 64 * MB  # a bomb is counted as it inflates, never held
    with embedded.sessions() as session:
        assert session.scalars(select(Dossier)).all() == []


def test_the_same_register_in_a_readable_encoding_imports(embedded):
    """The refusals above are about the encoding, not the rows: these rows import as CP1258 and UTF-8."""
    admin = TestClient(create_app(embedded), headers=token_for(embedded, "admin", UNIT))
    text = REGISTER_HEADER + REGISTER_ROW
    for data in (to_cp1258(text), text.encode("utf-8")):
        response = admin.post("/registers/import", files={"file": ("so.csv", data)})
        assert response.status_code == 200 and response.json()["imported"] == 1, response.text


@pytest.mark.parametrize("make", [many_pages_pdf, page_tree_bomb], ids=["10000-pages", "page-tree-bomb"])
def test_page_bombs_are_refused_without_walking_every_page(make):
    data = make()
    start = time.perf_counter()
    with pytest.raises(Exception, match="more than 200 pages"):
        validate_upload(data, max_bytes=50 * MB, max_pages=200, max_pixels=60_000_000)
    assert time.perf_counter() - start < 1.0  # a walk of 10,000 (or 10**9) pages would take far longer


# pdfium (the worker's PDF reader) rebuilds a lost trailer or a broken xref, and counts the pages that really
# exist rather than a forged /Count: it reads these safely. The upload check still refuses all of them.
RECOVERABLE = {"pdf-cut-before-eof", "pdf-garbage-xref", "pdf-shifted-xref", "pdf-page-tree-bomb"}


@pytest.mark.parametrize("case", [c for c in CASES if sniff(c.make()[:1024]) and c.name not in RECOVERABLE],
                         ids=lambda c: c.name)
def test_the_worker_refuses_the_corpus_too_with_its_own_clear_error(case: Case):
    """Defence in depth: a file that reached the store some other way fails its job with a reason."""
    data = case.make()
    with pytest.raises(OcrError) as info:
        list(load_pages(data, sniff(data[:1024]), dpi=150, max_pages=200, max_pixels=60_000_000))
    assert info.value.vi and info.value.en


def test_tiff_whose_last_frame_points_back_to_the_first_is_read_once():
    """Pillow notices the IFD cycle: two frames, not an endless walk, so there is nothing to refuse."""
    limits = {"max_bytes": 50 * MB, "max_pages": 200, "max_pixels": 60_000_000}
    assert validate_upload(tiff((60, 40), (60, 40), loop=True), **limits) == ("image/tiff", 2)


def png(width: int) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (width, 40), 255).save(buf, "PNG")
    return buf.getvalue()


NFD = unicodedata.normalize("NFD", "Tờ khai đăng ký khai sinh.png")


def raw_multipart(filename: bytes, data: bytes) -> tuple[bytes, dict[str, str]]:
    """Built by hand: httpx (like browsers) percent-encodes control characters in names, a hostile client need not."""
    boundary = b"sohoa-raw-boundary"
    body = (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="files"; filename="' + filename
            + b'"\r\nContent-Type: image/png\r\n\r\n' + data + b"\r\n--" + boundary + b"--\r\n")
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary.decode()}"}


@pytest.mark.parametrize(("raw", "stored"), [
    ("../../../etc/passwd.png", "passwd.png"),
    ("..\\..\\Windows\\win.ini.png", "win.ini.png"),
    ("to\x00khai.png", "to_khai.png"),
    ("bao\x1b[31mcao\x07\x7f.png", "bao_[31mcao_.png"),
    ("a" * 496 + ".png", "a" * 196 + ".png"),
    (NFD, unicodedata.normalize("NFC", NFD)),
    ("..", "tep-khong-ten"),
])
def test_hostile_filenames_are_accepted_but_stored_clean(client, embedded, raw, stored):
    dossier_id = new_dossier(client)
    body, headers = raw_multipart(raw.encode(), png(60 + len(raw)))
    response = client.post(f"/dossiers/{dossier_id}/attachments", content=body, headers=headers)
    assert response.status_code == 202, response.text
    assert response.json()["attachments"][0]["filename"] == stored
    with embedded.sessions() as session:
        (row,) = session.scalars(select(Attachment)).all()
    assert row.filename == stored
    keys = list(embedded.objects.keys())
    assert keys and all(stored not in key and ".." not in key for key in keys)  # object keys never use names


@pytest.fixture
def small_limit(tmp_path):
    services = build(Settings(data_dir=tmp_path / "small", max_upload_bytes=MB))
    yield services
    services.engine.dispose()


def multipart(size: int, pulled: list[int], chunk: int = 256 * 1024):
    """A multipart body streamed in chunks, counting what the server pulls: the client never holds it whole."""
    boundary = "sohoa-test-boundary"

    async def body():
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.pdf\"\r\n"
               "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n").encode()
        sent = 0
        while sent < size:
            piece = b"0" * min(chunk, size - sent)
            sent += len(piece)
            pulled[0] += len(piece)
            yield piece
        yield f"\r\n--{boundary}--\r\n".encode()

    return body(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


async def post_stream(services, size: int, extra_headers: dict[str, str] | None = None) -> tuple[httpx.Response, int]:
    pulled = [0]
    content, headers = multipart(size, pulled)
    transport = httpx.ASGITransport(app=create_app(services))
    async with httpx.AsyncClient(transport=transport, base_url="http://sohoa.test",
                                 headers=token_for(services, "clerk", UNIT)) as http:
        dossier = (await http.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"})).json()
        response = await http.post(f"/dossiers/{dossier['id']}/attachments", content=content,
                                   headers={**headers, **(extra_headers or {})})
    return response, pulled[0]


def test_oversized_upload_is_cut_while_streaming_and_never_held(small_limit):
    tracemalloc.start()
    try:
        response, pulled = asyncio.run(post_stream(small_limit, 60 * MB))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_error_body(response, 413, "too_large")
    assert pulled < 2 * MB  # the server stopped reading just past the 1 MB limit, not at 60 MB
    assert peak < 12 * MB  # nowhere near the 60 MB the client offered
    assert_nothing_stored(small_limit)


def test_declared_oversized_body_is_refused_before_reading(small_limit):
    response, pulled = asyncio.run(post_stream(small_limit, 60 * MB, {"Content-Length": str(60 * MB + 300)}))
    assert_error_body(response, 413, "too_large")
    assert pulled == 0
    assert_nothing_stored(small_limit)


def test_one_file_just_over_the_limit_is_refused_by_name(small_limit):
    client = TestClient(create_app(small_limit), headers=token_for(small_limit, "clerk", UNIT))
    dossier_id = new_dossier(client)
    data = b"%PDF-1.4\n" + b"0" * MB
    response = client.post(f"/dossiers/{dossier_id}/attachments", files=[("files", ("lon.pdf", data))])
    error = assert_error_body(response, 413, "too_large")
    assert "lon.pdf" in error["en"]
    # Two files under the limit each but over it together: one request carries at most the limit.
    half = b"%PDF-1.4\n" + b"1" * (MB // 2 + 40_000)
    response = client.post(f"/dossiers/{dossier_id}/attachments",
                           files=[("files", ("a.pdf", half)), ("files", ("b.pdf", half.replace(b"1", b"2")))])
    assert_error_body(response, 413, "too_large")
    assert_nothing_stored(small_limit)


def test_a_json_body_is_cut_at_one_megabyte(client, embedded):
    """Only file uploads get the upload limit: no endpoint takes a large JSON document."""
    big = {"unit_code": UNIT, "procedure_code": "1.001193", "receipt_code": "x" * (2 * MB)}
    response = client.post("/dossiers", json=big)
    assert_error_body(response, 413, "too_large")
