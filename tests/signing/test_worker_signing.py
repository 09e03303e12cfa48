"""A scan uploaded through the API comes back as a signed PDF/A copy: the worker signs after OCR, the
dossier shows the signature state, and the downloaded copy validates (and fails once a byte changes)."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

import signing
from signing.pdfa import NS, findings
from tests.conftest import token_for
from tests.signing.conftest import ROOT, UNIT
from tests.signing.test_sign_verify import changed_byte

OTHER = "000.17.23.H56"  # a unit with no key in this data folder


def upload_scan(embedded, unit: str) -> tuple[TestClient, dict]:
    from api.app import create_app

    clerk = TestClient(create_app(embedded), headers=token_for(embedded, "clerk", unit, f"clerk-{unit}"))
    dossier = clerk.post("/dossiers", json={"unit_code": unit, "procedure_code": "1.001193"}).json()
    scan = (ROOT / "samples" / "giay_chung_sinh.png").read_bytes()
    sent = clerk.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("gcs.png", scan, "image/png"))])
    assert sent.status_code in (200, 201, 202), sent.text
    return clerk, clerk.get(f"/dossiers/{dossier['id']}").json()


def download(clerk: TestClient, dossier: dict) -> bytes:
    att = dossier["attachments"][0]
    link = clerk.get(f"/dossiers/{dossier['id']}/attachments/{att['id']}/download?kind=digitized").json()
    return clerk.get(link["url"]).content


def test_the_downloaded_copy_is_signed_by_the_unit(embedded):
    made = signing.init_unit_key(embedded.settings.keys_dir, UNIT, "Phường Nha Trang")
    clerk, dossier = upload_scan(embedded, UNIT)
    (att,) = dossier["attachments"]
    assert att["status"] == "done", att
    state = att["signature"]
    assert state["state"] == "signed" and state["pdfa"] is True and state["reason"] is None
    assert UNIT in state["signer"] and state["signed_at"]

    copy = download(clerk, dossier)
    roots = signing.load_roots([made.ca_cert])
    (embedded_sig,) = PdfFileReader(io.BytesIO(copy)).embedded_signatures
    status = validate_pdf_signature(embedded_sig, ValidationContext(trust_roots=roots, allow_fetching=False))
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["organizational_unit_name"] == UNIT
    assert findings(copy) == []
    import pikepdf

    with pikepdf.open(io.BytesIO(copy)) as pdf:
        xmp = pdf.open_metadata()
        assert xmp[f"{{{NS}}}receiptCode"] == dossier["receipt_code"]
        assert xmp[f"{{{NS}}}digitizedBy"] == f"clerk-{UNIT}"
        assert xmp[f"{{{NS}}}component"] == att["doc_type"]

    assert signing.verify(changed_byte(copy), roots).state == "modified"


def test_a_unit_without_a_key_gets_an_unsigned_archival_copy(embedded):
    clerk, dossier = upload_scan(embedded, OTHER)
    (att,) = dossier["attachments"]
    assert att["status"] == "done"
    assert att["signature"]["state"] == "unsigned" and att["signature"]["reason"] == "no key for this unit"
    copy = download(clerk, dossier)
    assert findings(copy) == [] and signing.verify(copy, []).state == "unsigned"
