"""The archival copy: PDF/A-2b by the structural checks signing.pdfa names, with the dossier in its XMP.

veraPDF could not be installed here (no route to its releases), so these are pikepdf-based checks, not a
full validator; docs/signatures.md lists what they cover."""

from __future__ import annotations

import io

import pikepdf
from reportlab.pdfgen import canvas

import signing
from signing.pdfa import NS, findings
from tests.signing.conftest import copy_info


def test_the_ocr_copy_is_not_pdfa_until_converted(scanned_copy, archival):
    before = findings(scanned_copy)
    assert "not exactly one GTS_PDFA1 output intent" in before
    assert "no unfiltered XMP metadata stream" in before
    assert archival.pdfa and archival.findings == ()
    assert findings(archival.pdf) == []


def test_the_archival_copy_carries_an_srgb_intent_and_the_dossier(archival):
    with pikepdf.open(io.BytesIO(archival.pdf)) as doc:
        assert doc.pdf_version == "1.7" and not doc.is_encrypted and "/ID" in doc.trailer
        (intent,) = doc.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile's signature
        assert "/Filter" not in doc.Root.Metadata
        xmp = doc.open_metadata()
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "B")
        assert xmp[f"{{{NS}}}receiptCode"] == "000.17.22.H56-210531-0001"
        assert xmp[f"{{{NS}}}unitName"] == "UBND xã Hưng Tây"
        assert xmp[f"{{{NS}}}procedureCode"] == "1.001193"
        assert xmp[f"{{{NS}}}component"] == "giay_chung_sinh"
        assert xmp[f"{{{NS}}}pageCount"] == "1"
        assert xmp[f"{{{NS}}}digitizedAt"] == "2026-05-31T08:30:00+00:00"
        assert xmp[f"{{{NS}}}digitizedBy"] == "canbo.mot"
        assert f"{{{NS}}}checkedBy" not in xmp  # nobody checked this one against the original
        assert "hồ sơ 000.17.22.H56-210531-0001" in xmp["dc:title"]
        # Every sohoa property is described in the packet's extension schema, as PDF/A-2 requires.
        raw = doc.Root.Metadata.read_bytes().decode()
        for name in ("receiptCode", "unitCode", "pageCount", "digitizedAt", "checkedBy", "checkedAt"):
            assert f"<pdfaProperty:name>{name}</pdfaProperty:name>" in raw


def test_a_clerks_check_against_the_original_is_in_the_metadata(scanned_copy):
    from datetime import UTC, datetime

    copy = signing.to_pdfa(scanned_copy, copy_info(checked_by="Nguyễn Thị Lan",
                                                   checked_at=datetime(2026, 5, 31, 9, 0, tzinfo=UTC)))
    with pikepdf.open(io.BytesIO(copy.pdf)) as doc:
        xmp = doc.open_metadata()
        assert xmp[f"{{{NS}}}checkedBy"] == "Nguyễn Thị Lan"
        assert xmp[f"{{{NS}}}checkedAt"] == "2026-05-31T09:00:00+00:00"


def test_a_page_with_a_font_not_embedded_is_not_claimed_pdfa():
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("Helvetica", 12)  # one of the standard 14 fonts: reportlab does not embed it
    page.drawString(72, 720, "Giay chung nhan")
    page.save()
    copy = signing.to_pdfa(out.getvalue(), copy_info())
    assert not copy.pdfa
    assert copy.findings == ("font /Helvetica not embedded",)
    with pikepdf.open(io.BytesIO(copy.pdf)) as doc:
        xmp = doc.open_metadata()
        assert "pdfaid:part" not in xmp  # metadata kept, conformance not claimed
        assert xmp[f"{{{NS}}}receiptCode"] == "000.17.22.H56-210531-0001"
    assert "XMP does not claim PDF/A-2b (pdfaid:part 2, conformance B)" in findings(copy.pdf)


def test_signing_keeps_the_copy_pdfa(signed):
    assert findings(signed.pdf) == []
    with pikepdf.open(io.BytesIO(signed.pdf)) as doc:
        (widget,) = [a for a in doc.pages[0].obj.get("/Annots", []) if a.get("/FT") == "/Sig"]
        assert int(widget.F) & 4  # printable, as PDF/A wants every annotation
        assert doc.open_metadata()[f"{{{NS}}}receiptCode"] == "000.17.22.H56-210531-0001"


def test_scripts_and_hidden_annotations_are_found():
    doc = pikepdf.new()
    doc.add_blank_page()
    doc.Root.OpenAction = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript,
                                                               JS="app.alert(1)"))
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10])
    doc.pages[0].obj.Annots = pikepdf.Array([doc.make_indirect(link)])
    out = io.BytesIO()
    doc.save(out)
    copy = signing.to_pdfa(out.getvalue(), copy_info())
    assert copy.findings == ("Link annotation not printable or hidden", "action JavaScript") and not copy.pdfa
