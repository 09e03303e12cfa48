"""Real parts for the signing tests: a digitized copy made by the OCR stage, a unit key under a local test CA,
an RFC 3161 timestamp server on loopback, and a SoftHSM2 token holding a unit key."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12

import signing
from signing.keys import CA_CRL, UnitKey, init_unit_key, issue_crl, issue_tsa
from tests.conftest import free_port, unavailable

ROOT = Path(__file__).resolve().parents[2]
UNIT, UNIT_NAME = "000.17.22.H56", "UBND xã Hưng Tây"


@dataclass(frozen=True)
class Keys:
    folder: Path
    unit: UnitKey
    p12: Path
    ca_cert: Path


@pytest.fixture(scope="session")
def keys(tmp_path_factory) -> Keys:
    folder = tmp_path_factory.mktemp("keys")
    made = init_unit_key(folder, UNIT, UNIT_NAME)
    return Keys(folder, made, made.p12, made.ca_cert)


@pytest.fixture(scope="session")
def roots(keys: Keys) -> list:
    return signing.load_roots([keys.ca_cert])


@pytest.fixture(scope="session")
def scanned_copy() -> bytes:
    """The searchable PDF the OCR stage makes of the bundled birth-certificate scan."""
    from ocr.pipeline import OcrOptions, run_ocr

    data = (ROOT / "samples" / "giay_chung_sinh.png").read_bytes()
    result = run_ocr(data, "image/png", OcrOptions(jobs=1, evidence=False))
    assert result.searchable_pdf
    return result.searchable_pdf


def copy_info(**changes) -> signing.CopyInfo:
    values = dict(receipt_code=f"{UNIT}-210531-0001", unit_code=UNIT, unit_name=UNIT_NAME,
                  procedure_code="1.001193", component="giay_chung_sinh", pages=1,
                  digitized_at=datetime(2026, 5, 31, 8, 30, tzinfo=UTC), digitized_by="canbo.mot")
    values.update(changes)
    return signing.CopyInfo(**values)


@pytest.fixture(scope="session")
def archival(scanned_copy: bytes) -> signing.ArchivalCopy:
    return signing.to_pdfa(scanned_copy, copy_info())


@pytest.fixture(scope="session")
def signed(archival: signing.ArchivalCopy, keys: Keys) -> signing.Signed:
    return signing.sign(archival.pdf, signing.SigningConfig(signing.Pkcs12Key(keys.p12)), copy_info())


class LoopbackServer:
    """An HTTP server on a free loopback port in a thread; `answer(method, path, body)` gives the reply as
    (status, content type, bytes)."""

    def __init__(self) -> None:
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self, method: str) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, kind, answer = server.answer(method, self.path, body)
                server.requests += status == 200
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def do_GET(self) -> None:
                self._reply("GET")

            def do_POST(self) -> None:
                self._reply("POST")

            def log_message(self, *args) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def answer(self, method: str, path: str, body: bytes) -> tuple[int, str, bytes]:
        raise NotImplementedError

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()


class TimestampServer(LoopbackServer):
    """pyHanko's own test TSA (DummyTimeStamper) answering RFC 3161 requests over HTTP on loopback."""

    def __init__(self, keys_dir: Path) -> None:
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        cert, key = issue_tsa(keys_dir)
        self.stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8,
                                                                     NoEncryption())))
        super().__init__()
        self.url = f"{self.base}/tsa"

    def answer(self, method: str, path: str, body: bytes) -> tuple[int, str, bytes]:
        if method != "POST":
            return 405, "text/plain", b""
        reply = self.stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
        return 200, "application/timestamp-reply", reply


@pytest.fixture(scope="session")
def tsa(keys: Keys) -> Iterator[TimestampServer]:
    server = TimestampServer(keys.folder)
    yield server
    server.stop()


class CrlServer(LoopbackServer):
    """The test CA's CRL (signed by the test CA, `signing.keys.issue_crl`) served over HTTP on loopback, as a
    CA publishes it at its distribution point; `revoked` lists serial numbers it names."""

    def __init__(self, keys_dir: Path) -> None:
        self.keys_dir, self.revoked = keys_dir, []
        super().__init__()

    def answer(self, method: str, path: str, body: bytes) -> tuple[int, str, bytes]:
        if method != "GET" or path != f"/{CA_CRL}":
            return 404, "text/plain", b""
        return 200, "application/pkix-crl", issue_crl(self.keys_dir, tuple(self.revoked))


@pytest.fixture
def crl_server(tmp_path) -> Iterator[CrlServer]:
    """A fresh test CA (keys in tmp_path/keys) whose CRL is served on loopback."""
    server = CrlServer(tmp_path / "keys")
    yield server
    server.stop()


def nowhere() -> str:
    """A loopback URL nothing listens on (a distribution point that is down)."""
    return f"http://127.0.0.1:{free_port()}"


@dataclass(frozen=True)
class Token:
    module: Path
    label: str
    pin: str
    key_label: str
    ca_cert: Path


SOFTHSM_MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                   "/usr/local/lib/softhsm/libsofthsm2.so")


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory) -> Iterator[Token]:
    """A SoftHSM2 token in a temporary folder, holding a unit key and certificate imported as a unit would
    load its own (softhsm2-util for the key, OpenSC's pkcs11-tool for the certificate)."""
    module = next((Path(p) for p in SOFTHSM_MODULES if Path(p).exists()), None)
    if module is None or not shutil.which("softhsm2-util") or not shutil.which("pkcs11-tool"):
        unavailable("SoftHSM2 / OpenSC are not installed (scripts/setup.sh --test installs them)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    # The library reads its configuration when first loaded in this process: the variable must be set first.
    before = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    label, pin, key_label = "sohoa-test", "246810", f"unit-{UNIT}"
    run = [["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", "135790"]]
    made = init_unit_key(folder / "keys", UNIT, UNIT_NAME)
    key, cert, _ = pkcs12.load_key_and_certificates(made.p12.read_bytes(), None)
    (folder / "key.pem").write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    (folder / "cert.der").write_bytes(cert.public_bytes(Encoding.DER))
    run += [["softhsm2-util", "--import", str(folder / "key.pem"), "--token", label, "--label", key_label,
             "--id", "01", "--pin", pin],
            ["pkcs11-tool", "--module", str(module), "--token-label", label, "--login", "--pin", pin,
             "--write-object", str(folder / "cert.der"), "--type", "cert", "--label", key_label, "--id", "01"]]
    for command in run:
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    (folder / "key.pem").unlink()  # the key now lives on the token only
    yield Token(module, label, pin, key_label, made.ca_cert)
    if before is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = before
