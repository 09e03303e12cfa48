"""`sohoa keys init`, `sohoa verify FILE.pdf` (its exit codes) and `POST /verify`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from fastapi.testclient import TestClient

import signing
from tests.signing.conftest import UNIT, copy_info
from tests.signing.test_sign_verify import changed_byte

ROOT = Path(__file__).resolve().parents[2]


def sohoa(*args: str, data_dir: Path, **settings: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOHOA_")}
    env.update(SOHOA_DATA_DIR=str(data_dir), **settings)
    return subprocess.run([sys.executable, "-m", "sohoa.cli", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


@pytest.fixture(scope="module")
def unit_folder(tmp_path_factory, archival) -> Path:
    """A data folder whose unit key `sohoa keys init` made, and copies signed with it."""
    data = tmp_path_factory.mktemp("data")
    made = sohoa("keys", "init", "--unit", UNIT, "--unit-name", "UBND xã Hưng Tây", data_dir=data)
    assert made.returncode == 0, made.stderr
    assert "NOT FOR PRODUCTION" in made.stdout
    p12 = data / "keys" / f"TEST-ONLY-{UNIT}.p12"
    done = signing.sign(archival.pdf, signing.SigningConfig(signing.Pkcs12Key(p12)), copy_info())
    (data / "signed.pdf").write_bytes(done.pdf)
    (data / "modified.pdf").write_bytes(changed_byte(done.pdf))
    (data / "unsigned.pdf").write_bytes(archival.pdf)
    return data


def test_keys_init_makes_a_private_test_key_once(unit_folder):
    p12 = unit_folder / "keys" / f"TEST-ONLY-{UNIT}.p12"
    assert p12.stat().st_mode & 0o777 == 0o600
    again = sohoa("keys", "init", "--unit", UNIT, data_dir=unit_folder)
    assert again.returncode == 2 and "--force" in again.stderr
    bad = sohoa("keys", "init", "--unit", "../etc/passwd", data_dir=unit_folder)
    assert bad.returncode == 2 and "unit code" in bad.stderr


def test_keys_name_and_publish_the_test_cas_crl(tmp_path):
    from cryptography import x509

    base = "http://127.0.0.1:8765/pki"
    made = sohoa("keys", "init", "--unit", UNIT, data_dir=tmp_path, SOHOA_REVOCATION_URL=base)
    assert made.returncode == 0, made.stderr
    _, cert, _ = pkcs12.load_key_and_certificates((tmp_path / "keys" / f"TEST-ONLY-{UNIT}.p12").read_bytes(), None)
    (point,) = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert [n.value for n in point.full_name] == [f"{base}/TEST-ONLY-ca.crl"]
    published = sohoa("keys", "crl", data_dir=tmp_path)
    assert published.returncode == 0, published.stderr
    crl = x509.load_der_x509_crl((tmp_path / "keys" / "TEST-ONLY-ca.crl").read_bytes())
    ca = x509.load_pem_x509_certificate((tmp_path / "keys" / "TEST-ONLY-ca.crt").read_bytes())
    assert crl.issuer == ca.subject and crl.is_signature_valid(ca.public_key()) and len(crl) == 0


@pytest.mark.parametrize(("name", "code", "state"), [("signed.pdf", 0, "valid"), ("modified.pdf", 1, "modified"),
                                                      ("unsigned.pdf", 2, "unsigned")])
def test_verify_exit_codes(unit_folder, name, code, state):
    run = sohoa("verify", str(unit_folder / name), "--json", data_dir=unit_folder)
    assert run.returncode == code, run.stderr
    assert json.loads(run.stdout)["state"] == state


def test_verify_without_the_units_root_is_not_valid(unit_folder, tmp_path):
    run = sohoa("verify", str(unit_folder / "signed.pdf"), data_dir=tmp_path)  # another folder: no test CA
    assert run.returncode == 1
    assert "không thuộc CA tin cậy / intact but not trusted" in run.stdout.replace("\n", " ")
    shown = sohoa("verify", str(unit_folder / "signed.pdf"), data_dir=unit_folder)
    assert "Chữ ký số hợp lệ / valid signature" in shown.stdout and "ký ngày" in shown.stdout


def test_post_verify_answers_the_signature_report_only(embedded, unit_folder):
    from api.app import create_app
    from signing.keys import init_unit_key

    keys = embedded.settings.keys_dir
    made = init_unit_key(keys, UNIT, "UBND xã Hưng Tây")
    signed_pdf = signing.sign(signing.to_pdfa((unit_folder / "unsigned.pdf").read_bytes(), copy_info()).pdf,
                              signing.SigningConfig(signing.Pkcs12Key(made.p12)), copy_info()).pdf
    client = TestClient(create_app(embedded))  # no account needed: anyone holding a copy may check it

    answer = client.post("/verify", files={"file": ("copy.pdf", signed_pdf, "application/pdf")})
    assert answer.status_code == 200
    body = answer.json()
    assert body["state"] == "valid" and body["valid"] is True
    assert set(body["signatures"][0]) == {"field", "intact", "signer", "signed_at", "timestamped", "trusted",
                                          "modified_after_signing"}
    assert "000.17.22.H56-210531-0001" not in answer.text  # nothing of the document itself comes back

    modified = client.post("/verify", files={"file": ("c.pdf", changed_byte(signed_pdf), "application/pdf")})
    assert modified.status_code == 200 and modified.json()["state"] == "modified"
    unsigned = client.post("/verify", files={"file": ("c.pdf", (unit_folder / "unsigned.pdf").read_bytes())})
    assert unsigned.json()["state"] == "unsigned"

    not_pdf = client.post("/verify", files={"file": ("photo.jpg", b"\xff\xd8\xff\xe0 not a pdf")})
    assert not_pdf.status_code == 415
    assert not_pdf.json()["error"]["vi"] == "Tệp gửi lên không phải PDF"
    broken = client.post("/verify", files={"file": ("c.pdf", b"%PDF-1.7\n garbage")})
    assert broken.status_code == 422 and broken.json()["error"]["code"] == "unreadable_pdf"
