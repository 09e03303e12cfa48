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
from tests.signing.conftest import ROOT, UNIT, copy_info
from tests.signing.test_sign_verify import changed_byte

OTHER = "000.17.23.H56"  # a unit with no key in this data folder


def upload_scan(embedded, unit: str, files: list | None = None,
                procedure: str = "1.000894") -> tuple[TestClient, dict]:
    """The birth-certificate scan filed with a dossier; under 1.000894 (kết hôn) it fits no component, so
    nothing asks for the check against the original before it is signed."""
    from api.app import create_app

    clerk = TestClient(create_app(embedded), headers=token_for(embedded, "clerk", unit, f"clerk-{unit}"))
    dossier = clerk.post("/dossiers", json={"unit_code": unit, "procedure_code": procedure}).json()
    scan = (ROOT / "samples" / "giay_chung_sinh.png").read_bytes()
    files = files or [("files", ("gcs.png", scan, "image/png"))]
    sent = clerk.post(f"/dossiers/{dossier['id']}/attachments", files=files)
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
    assert att["signature"]["incoming"] is None  # a photo carries no signature of its own
    state = att["signature"]["copy"]
    assert state["state"] == "signed" and state["pdfa"] is True and state["reason"] is None
    assert UNIT in state["signer"] and state["signed_at"]
    # No timestamp server and no revocation source in this set-up: baseline B-B, and it says so.
    assert (state["level"], state["validation_info"], state["timestamped"]) == ("B-B", False, False)

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
    state = att["signature"]["copy"]
    assert state["state"] == "unsigned" and state["reason"] == "no key for this unit" and state["pdfa"] is True
    copy = download(clerk, dossier)
    assert findings(copy) == [] and signing.verify(copy, []).state == "unsigned"


def test_a_signed_incoming_result_is_checked_and_shown(embedded):
    """Another agency's signed electronic result, uploaded as it came; a tampered copy of it; an unsigned one."""
    from tests.synth import make_document, text_pdf

    agency = signing.init_unit_key(embedded.settings.keys_dir, "000.00.14.H56", "Sở Tư pháp tỉnh Khánh Hòa")
    result = text_pdf(make_document("xac_nhan_tinh_trang_hon_nhan", seed=5))
    config = signing.SigningConfig(signing.Pkcs12Key(agency.p12))
    signed_pdf = signing.sign(result, config, copy_info(unit_code="000.00.14.H56", unit_name="Sở Tư pháp")).pdf
    tampered = changed_byte_anywhere(signed_pdf)
    _, dossier = upload_scan(embedded, UNIT, [("files", ("kq.pdf", signed_pdf, "application/pdf")),
                                              ("files", ("kq-sua.pdf", tampered, "application/pdf")),
                                              ("files", ("kq-khong-ky.pdf", result, "application/pdf"))])
    by_name = {a["filename"]: a for a in dossier["attachments"]}
    assert all(a["status"] == "done" for a in by_name.values()), by_name
    good = by_name["kq.pdf"]["signature"]["incoming"]
    assert good["state"] == "valid" and "Sở Tư pháp tỉnh Khánh Hòa" in good["signatures"][0]["signer"]
    bad = by_name["kq-sua.pdf"]["signature"]["incoming"]
    assert bad["state"] == "modified" and bad["signatures"][0]["modified_after_signing"]
    assert by_name["kq-khong-ky.pdf"]["signature"] is None  # unsigned and born-digital: nothing to show


def changed_byte_anywhere(pdf: bytes) -> bytes:
    """One bit flipped in the first content stream's data (inside the signed range)."""
    at = pdf.index(b"stream\n") + 20
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]
