"""The unit's signature on a copy, as pyHanko's validator and signing.verify see it; and incoming documents."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from reportlab.pdfgen import canvas

import signing
from signing.keys import init_unit_key
from signing.sign import reason
from tests.signing.conftest import UNIT, copy_info


def changed_byte(pdf: bytes) -> bytes:
    """One bit flipped inside the page image's JPEG data (inside the signed range, the file still parses)."""
    at = pdf.index(b"\xff\xd8\xff") + 2000
    assert at < pdf.index(b"/ByteRange")
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]


def test_the_signed_copy_validates_with_pyhankos_validator(signed, roots):
    (embedded,) = PdfFileReader(io.BytesIO(signed.pdf)).embedded_signatures
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=roots, allow_fetching=False))
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    subject = status.signing_cert.subject.native
    assert subject["organizational_unit_name"] == UNIT
    assert subject["common_name"].startswith("UBND xã Hưng Tây")
    assert embedded.sig_object["/Name"] == f"UBND xã Hưng Tây ({UNIT})"
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES


def test_the_report_of_an_intact_copy(signed, roots):
    report = signing.verify(signed.pdf, roots)
    assert report.state == "valid" and report.valid
    (check,) = report.signatures
    assert check.intact and check.trusted and not check.modified_after_signing and not check.timestamped
    assert UNIT in check.signer
    assert abs(check.signed_at - signed.signed_at) < timedelta(seconds=5)


def test_one_changed_byte_is_reported_modified(signed, roots):
    report = signing.verify(changed_byte(signed.pdf), roots)
    assert report.state == "modified" and not report.valid
    (check,) = report.signatures
    assert not check.intact and check.modified_after_signing and not check.trusted


def test_a_change_appended_after_signing_is_reported_modified(signed, roots):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed.pdf))
    page = writer.root["/Pages"]["/Kids"][0]
    page["/MediaBox"] = generic.ArrayObject([generic.NumberObject(v) for v in (0, 0, 300, 300)])  # cropped
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    (check,) = signing.verify(out.getvalue(), roots).signatures
    assert check.intact  # the signed revision itself is untouched …
    assert check.modified_after_signing  # … but what is shown now is not what was signed


def test_without_the_root_the_signature_is_intact_but_untrusted(signed, tmp_path):
    other = signing.load_roots([init_unit_key(tmp_path, "X").ca_cert])  # some other CA
    report = signing.verify(signed.pdf, other)
    assert report.state == "untrusted"
    (check,) = report.signatures
    assert check.intact and not check.trusted and not check.modified_after_signing


def test_the_clerk_who_checked_the_original_is_named(archival, keys, roots):
    info = copy_info(checked_by="Nguyễn Thị Lan", checked_at=datetime(2026, 5, 31, 9, tzinfo=UTC))
    done = signing.sign(archival.pdf, signing.SigningConfig(signing.Pkcs12Key(keys.p12)), info)
    (embedded,) = PdfFileReader(io.BytesIO(done.pdf)).embedded_signatures
    assert "đã đối chiếu với bản chính: Nguyễn Thị Lan (31/05/2026)" in embedded.sig_object["/Reason"]
    assert signing.verify(done.pdf, roots).valid
    # 20:00 UTC on 31 May is already 1 June in Việt Nam, where the clerk checked it.
    late = copy_info(checked_by="Nguyễn Thị Lan", checked_at=datetime(2026, 5, 31, 20, tzinfo=UTC))
    assert "Nguyễn Thị Lan (01/06/2026)" in reason(late)


def test_b_t_carries_the_timestamp_servers_token(archival, keys, roots, tsa):
    before = tsa.requests
    config = signing.SigningConfig(signing.Pkcs12Key(keys.p12), timestamp_url=tsa.url)
    done = signing.sign(archival.pdf, config, copy_info())
    assert done.timestamped and tsa.requests > before
    report = signing.verify(done.pdf, roots)
    assert report.valid
    (check,) = report.signatures
    assert check.timestamped and abs(check.signed_at - datetime.now(UTC)) < timedelta(minutes=1)
    (embedded,) = PdfFileReader(io.BytesIO(done.pdf)).embedded_signatures
    assert embedded.signer_info["unsigned_attrs"][0]["type"].native == "signature_time_stamp_token"


def test_an_unreachable_timestamp_server_fails_signing(archival, keys):
    config = signing.SigningConfig(signing.Pkcs12Key(keys.p12), timestamp_url="http://127.0.0.1:9/tsa",
                                   timestamp_timeout=2)
    with pytest.raises(signing.SigningFailed):
        signing.sign(archival.pdf, config, copy_info())


def test_a_missing_or_locked_key_file_fails_signing(archival, tmp_path):
    with pytest.raises(signing.SigningFailed, match="no key file"):
        signing.sign(archival.pdf, signing.SigningConfig(signing.Pkcs12Key(tmp_path / "none.p12")), copy_info())
    locked = init_unit_key(tmp_path, "U2", passphrase=b"right")
    with pytest.raises(signing.SigningFailed):
        signing.sign(archival.pdf, signing.SigningConfig(signing.Pkcs12Key(locked.p12, b"wrong")), copy_info())
    done = signing.sign(archival.pdf, signing.SigningConfig(signing.Pkcs12Key(locked.p12, b"right")), copy_info())
    assert signing.verify(done.pdf, signing.load_roots([locked.ca_cert])).valid


def test_test_keys_are_private_and_say_so(keys):
    for path in (keys.p12, keys.folder / "TEST-ONLY-ca.key"):
        assert path.stat().st_mode & 0o777 == 0o600
    assert keys.p12.name.startswith("TEST-ONLY-")
    assert "O=sohoa (TEST ONLY — NOT FOR PRODUCTION)" in keys.unit.subject
    assert "CN=UBND xã Hưng Tây — TEST ONLY" in keys.unit.subject


def incoming(tmp_path: Path) -> tuple[bytes, bytes, list]:
    """A born-digital result another agency made and signed (a certificate under its own CA), unsigned/signed."""
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Giay xac nhan tinh trang hon nhan - So 12/XN")
    page.save()
    agency = init_unit_key(tmp_path, "000.00.14.H56", "Sở Tư pháp tỉnh Nghệ An")
    info = copy_info(unit_code="000.00.14.H56", unit_name="Sở Tư pháp tỉnh Nghệ An")
    done = signing.sign(out.getvalue(), signing.SigningConfig(signing.Pkcs12Key(agency.p12)), info)
    return out.getvalue(), done.pdf, signing.load_roots([agency.ca_cert])


def test_incoming_documents_valid_tampered_unsigned(tmp_path):
    unsigned, signed_pdf, roots = incoming(tmp_path)
    report = signing.verify(signed_pdf, roots)
    assert report.valid and "Sở Tư pháp tỉnh Nghệ An" in report.signatures[0].signer
    at = signed_pdf.index(b"Giay xac nhan") if b"Giay xac nhan" in signed_pdf else signed_pdf.index(b"stream") + 10
    tampered = signed_pdf[:at] + bytes([signed_pdf[at] ^ 0x01]) + signed_pdf[at + 1:]
    assert signing.verify(tampered, roots).state == "modified"
    assert signing.verify(unsigned, roots).state == "unsigned"
    assert signing.verify(b"not a pdf", roots).state == "unreadable"


def ink_in_stamp_box(pdf: bytes) -> int:
    """Dark pixels drawn (annotations included) inside the visible signature's box of the last page."""
    import numpy as np
    import pypdfium2 as pdfium

    from signing.sign import STAMP_BOX

    doc = pdfium.PdfDocument(pdf)
    doc.init_forms()  # the signature is a form field's widget: drawn with the form environment
    page = doc[len(doc) - 1]
    scale = 2
    image = np.asarray(page.render(scale=scale, may_draw_forms=True, draw_annots=True).to_pil().convert("L"))
    x0, y0, x1, y1 = STAMP_BOX
    height = page.get_height()
    box = image[int((height - y1) * scale):int((height - y0) * scale), int(x0 * scale):int(x1 * scale)]
    return int((box < 128).sum())


def test_a_visible_block_is_drawn_on_the_last_page_and_the_copy_stays_pdfa(archival, keys, roots):
    from signing.pdfa import findings
    from signing.sign import STAMP_BOX

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    config = signing.SigningConfig(signing.Pkcs12Key(keys.p12), stamp_font=font)
    done = signing.sign(archival.pdf, config, copy_info(checked_by="Nguyễn Thị Lan"))
    assert signing.verify(done.pdf, roots).valid and findings(done.pdf) == []
    (embedded,) = PdfFileReader(io.BytesIO(done.pdf)).embedded_signatures
    widget = embedded.sig_field
    assert [float(v) for v in widget["/Rect"]] == [float(v) for v in STAMP_BOX]
    fonts = widget["/AP"]["/N"]["/Resources"]["/Font"]
    descendants = [f.get_object()["/DescendantFonts"][0].get_object() for f in fonts.values()]
    assert descendants and all("/FontFile2" in d["/FontDescriptor"] or "/FontFile3" in d["/FontDescriptor"]
                               for d in descendants)  # the font is embedded: the copy stays PDF/A
    assert ink_in_stamp_box(done.pdf) > 200
    # Off by default: the same copy signed without a font shows nothing there.
    plain = signing.sign(archival.pdf, signing.SigningConfig(signing.Pkcs12Key(keys.p12)), copy_info())
    assert ink_in_stamp_box(plain.pdf) < ink_in_stamp_box(done.pdf) // 4
