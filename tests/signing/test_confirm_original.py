"""A clerk confirms a digitized copy against the original paper: the confirmation is recorded and audited, and
the copy is signed again so that its signature and XMP name the clerk; other units, other roles and copies
not ready are refused."""

from __future__ import annotations

import io
from datetime import datetime

import pikepdf
from fastapi.testclient import TestClient
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

import signing
from signing.pdfa import NS, findings
from storage.models import Attachment, AuditEntry
from tests.conftest import token_for
from tests.signing.conftest import UNIT
from tests.signing.test_worker_signing import OTHER, download, upload_scan


def confirm_url(dossier: dict) -> str:
    return f"/dossiers/{dossier['id']}/attachments/{dossier['attachments'][0]['id']}/confirm-original"


def xmp_of(pdf: bytes) -> dict[str, str]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        meta = doc.open_metadata()
        return {name: meta.get(f"{{{NS}}}{name}") for name in ("digitizedAt", "checkedBy", "checkedAt")}


def test_the_unsigned_copy_is_the_bytes_before_the_signature(archival, signed):
    assert signing.unsigned(signed.pdf) == archival.pdf
    assert signing.unsigned(archival.pdf) == archival.pdf  # nothing to take off


def test_a_clerk_confirms_and_the_copy_is_signed_again_naming_the_clerk(embedded):
    from api.app import create_app

    made = signing.init_unit_key(embedded.settings.keys_dir, UNIT, "Phường Nha Trang")
    roots = signing.load_roots([made.ca_cert])
    clerk, dossier = upload_scan(embedded, UNIT)
    before = download(clerk, dossier)
    assert xmp_of(before)["checkedBy"] is None

    answer = clerk.post(confirm_url(dossier))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["checked"]["by"] == f"clerk-{UNIT}" and not body["repeat"] and not body["pending"]
    assert body["copy"]["state"] == "signed" and body["copy"]["checked_by"] == f"clerk-{UNIT}"

    copy = download(clerk, dossier)
    (sig,) = PdfFileReader(io.BytesIO(copy)).embedded_signatures
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False))
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["organizational_unit_name"] == UNIT
    assert f"đã đối chiếu với bản chính: clerk-{UNIT}" in str(sig.sig_object["/Reason"])
    assert findings(copy) == []  # still PDF/A-2b
    meta = xmp_of(copy)
    assert meta["checkedBy"] == f"clerk-{UNIT}"
    assert datetime.fromisoformat(meta["checkedAt"]) == datetime.fromisoformat(body["checked"]["at"]).replace(
        microsecond=0)
    assert meta["digitizedAt"] == xmp_of(before)["digitizedAt"]  # the digitization keeps its time
    assert signing.verify(copy, roots).state == "valid"

    # A repeat, by another clerk of the unit: the first confirmation stands and the copy is not made again.
    other = TestClient(create_app(embedded), headers=token_for(embedded, "clerk", UNIT, "clerk-hai"))
    again = other.post(confirm_url(dossier))
    assert again.status_code == 200 and again.json()["repeat"] is True
    assert again.json()["checked"] == body["checked"]
    assert download(clerk, dossier) == copy

    shown = clerk.get(f"/dossiers/{dossier['id']}").json()["attachments"][0]["signature"]
    assert shown["checked"] == body["checked"] and shown["copy"]["checked_by"] == f"clerk-{UNIT}"
    with embedded.sessions() as session:
        entries = session.execute(select(AuditEntry.username, AuditEntry.target, AuditEntry.detail).where(
            AuditEntry.action == "confirm-original").order_by(AuditEntry.id)).all()
    target = f"attachment:{dossier['attachments'][0]['id']}"
    assert [(e.username, e.target, e.detail) for e in entries] == [
        (f"clerk-{UNIT}", target, {"repeat": False}), ("clerk-hai", target, {"repeat": True})]


def test_processing_again_keeps_the_confirmation(embedded):
    from workers.jobs import process_attachment

    signing.init_unit_key(embedded.settings.keys_dir, UNIT, "Phường Nha Trang")
    clerk, dossier = upload_scan(embedded, UNIT)
    assert clerk.post(confirm_url(dossier)).status_code == 200
    process_attachment(dossier["attachments"][0]["id"])  # e.g. an operator's re-run
    shown = clerk.get(f"/dossiers/{dossier['id']}").json()["attachments"][0]["signature"]
    assert shown["checked"]["by"] == f"clerk-{UNIT}" and shown["copy"]["checked_by"] == f"clerk-{UNIT}"
    assert xmp_of(download(clerk, dossier))["checkedBy"] == f"clerk-{UNIT}"


def test_a_unit_without_a_key_gets_its_unsigned_copy_naming_the_clerk(embedded):
    clerk, dossier = upload_scan(embedded, OTHER)
    body = clerk.post(confirm_url(dossier)).json()
    assert body["copy"]["state"] == "unsigned" and body["copy"]["checked_by"] == f"clerk-{OTHER}"
    copy = download(clerk, dossier)
    assert xmp_of(copy)["checkedBy"] == f"clerk-{OTHER}" and findings(copy) == []


def test_other_units_other_roles_and_copies_not_ready_are_refused(embedded):
    from api.app import create_app

    signing.init_unit_key(embedded.settings.keys_dir, UNIT, "Phường Nha Trang")
    clerk, dossier = upload_scan(embedded, UNIT)
    url = confirm_url(dossier)
    app = create_app(embedded)
    outsider = TestClient(app, headers=token_for(embedded, "clerk", OTHER))
    assert outsider.post(url).status_code == 404
    for role in ("leader", "auditor"):
        assert TestClient(app, headers=token_for(embedded, role, UNIT)).post(url).status_code == 403

    att_id = dossier["attachments"][0]["id"]
    with embedded.sessions() as session:  # as while a worker is still at it
        session.get(Attachment, att_id).status = "processing"
        session.commit()
    busy = clerk.post(url)
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "not_processed"
    assert "chưa xử lý xong" in busy.json()["error"]["vi"]
    with embedded.sessions() as session:
        att = session.get(Attachment, att_id)
        assert "checked" not in att.signature  # nothing recorded by the refusals
        att.status, att.digitized_key = "done", None  # a born-digital text PDF has no digitized copy
        session.commit()
    bare = clerk.post(url)
    assert bare.status_code == 409 and bare.json()["error"]["code"] == "no_digitized_copy"
    with embedded.sessions() as session:
        assert not session.scalars(select(AuditEntry).where(AuditEntry.action == "confirm-original")).all()


def test_a_signed_copy_is_not_replaced_by_an_unsigned_one_and_a_repeat_signs_it_later(embedded):
    made = signing.init_unit_key(embedded.settings.keys_dir, UNIT, "Phường Nha Trang")
    clerk, dossier = upload_scan(embedded, UNIT)
    before = download(clerk, dossier)
    aside = made.p12.with_suffix(".aside")
    made.p12.rename(aside)  # the unit's key is away (a token unplugged, say)
    body = clerk.post(confirm_url(dossier)).json()
    assert body["pending"] is True and body["copy"]["state"] == "signed" and body["copy"]["checked_by"] is None
    assert download(clerk, dossier) == before
    aside.rename(made.p12)
    again = clerk.post(confirm_url(dossier)).json()
    assert again["repeat"] is True and again["pending"] is False and again["copy"]["checked_by"] == f"clerk-{UNIT}"
    copy = download(clerk, dossier)
    assert xmp_of(copy)["checkedBy"] == f"clerk-{UNIT}"
    assert signing.verify(copy, signing.load_roots([made.ca_cert])).state == "valid"


def test_a_procedure_requiring_the_check_holds_the_copy_unsigned_until_a_clerk_confirms(embedded):
    """2.000815 (chứng thực bản sao từ bản chính): every paper is checked against its original first."""
    from api.app import create_app

    made = signing.init_unit_key(embedded.settings.keys_dir, UNIT, "Phường Nha Trang")
    roots = signing.load_roots([made.ca_cert])
    clerk, dossier = upload_scan(embedded, UNIT, procedure="2.000815")
    copy_state = dossier["attachments"][0]["signature"]["copy"]
    assert copy_state["state"] == "awaiting_check" and copy_state["reason"] == "chờ đối chiếu bản chính"
    assert copy_state["signer"] is None and copy_state["level"] is None and copy_state["pdfa"] is True

    waiting = download(clerk, dossier)
    assert findings(waiting) == [] and xmp_of(waiting)["checkedBy"] is None
    # Whoever holds the copy meanwhile learns it is not signed — never that it is valid.
    assert signing.verify(waiting, roots).state == "unsigned"
    anyone = TestClient(create_app(embedded))
    answer = anyone.post("/verify", files={"file": ("copy.pdf", waiting, "application/pdf")})
    assert answer.status_code == 200 and answer.json()["state"] == "unsigned" and answer.json()["valid"] is False

    body = clerk.post(confirm_url(dossier)).json()
    assert body["pending"] is False and body["copy"]["state"] == "signed"
    assert body["copy"]["checked_by"] == f"clerk-{UNIT}" and body["copy"]["level"] == "B-B"
    copy = download(clerk, dossier)
    assert signing.verify(copy, roots).state == "valid"
    (sig,) = PdfFileReader(io.BytesIO(copy)).embedded_signatures
    assert f"đã đối chiếu với bản chính: clerk-{UNIT}" in str(sig.sig_object["/Reason"])
    meta = xmp_of(copy)
    assert meta["checkedBy"] == f"clerk-{UNIT}" and meta["checkedAt"]
    assert meta["digitizedAt"] == xmp_of(waiting)["digitizedAt"]
    assert findings(copy) == []


def test_a_unit_without_a_key_says_so_rather_than_awaiting_the_check(embedded):
    _, dossier = upload_scan(embedded, OTHER, procedure="2.000815")
    copy_state = dossier["attachments"][0]["signature"]["copy"]
    assert copy_state["state"] == "unsigned" and copy_state["reason"] == "no key for this unit"
