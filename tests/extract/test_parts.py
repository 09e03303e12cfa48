"""Several papers scanned into one file: split by page where the document changes, each part a document."""

from __future__ import annotations

import pytest

from extract import analyze_parts
from extract.catalogue import get_procedure
from extract.completeness import check
from extract.types import documents
from ocr.pipeline import OcrOptions, run_ocr
from tests.extract.pages import page
from tests.synth import image_pdf, make_document, make_dossier, merge_pdfs, render, text_pdf

BIRTH = ("to_khai_khai_sinh", "cccd", "giay_chung_sinh")


def _ocr(pdf: bytes):
    return run_ocr(pdf, "application/pdf", OcrOptions(searchable_pdf=False)).pages


def _summary(parts) -> list[tuple[str, str]]:
    return [(p.label, p.extraction.doc_type) for p in parts]


def test_born_digital_pdf_of_three_papers_gives_three_parts():
    docs = [make_document(t, seed=21) for t in BIRTH]
    parts = analyze_parts(_ocr(merge_pdfs(*(text_pdf(d) for d in docs))))
    assert _summary(parts) == [("p1", "to_khai_khai_sinh"), ("p2", "cccd"), ("p3", "giay_chung_sinh")]
    for part, doc in zip(parts, docs, strict=True):
        assert part.extraction.fields["ho_ten"].value == doc.fields["ho_ten"]  # each part read on its own


@pytest.fixture(scope="module")
def scanned_parts():
    """A birth dossier's tờ khai, CCCD and giấy chứng sinh scanned into one PDF (image pages, OCR'd)."""
    by_type = {d.doc_type: d for d in make_dossier("1.001193", seed=22).documents}
    docs = [by_type[t] for t in BIRTH]
    pages = [render(d, dpi=200 if d.page == "A4" else 400, stamp=bool(d.stamp)) for d in docs]
    return docs, analyze_parts(_ocr(merge_pdfs(*(image_pdf([p]) for p in pages))))


def test_scanned_pdf_of_three_papers_splits_by_type(scanned_parts):
    docs, parts = scanned_parts
    assert _summary(parts) == [("p1", "to_khai_khai_sinh"), ("p2", "cccd"), ("p3", "giay_chung_sinh")]
    card = parts[1].extraction
    assert card.fields["so_cccd"].value == docs[1].fields["so_cccd"] and card.fields["so_cccd"].source == "qr"
    assert parts[2].extraction.evidence.get("stamp") == [3]  # evidence keeps the file's page numbers


def test_the_verdict_counts_every_part(scanned_parts):
    _, parts = scanned_parts
    verdict = check(get_procedure("1.001193"), documents("hoso.pdf", parts))
    assert verdict.complete and verdict.missing == []
    assert verdict.present == {"to_khai_khai_sinh": ["hoso.pdf#p1"], "cccd": ["hoso.pdf#p2"],
                               "giay_chung_sinh": ["hoso.pdf#p3"]}
    assert verdict.inconsistencies == []


def _lines(doc_type: str, seed: int) -> list[str]:
    return make_document(doc_type, seed).text.split("\n")


def test_a_continuation_page_stays_with_its_document():
    form = _lines("to_khai_khai_sinh", 23)
    half = len(form) // 2
    card = make_document("cccd", 23).text
    pages = [page("\n".join(form[:half]), 1), page("\n".join(form[half:]), 2), page(card, 3)]
    assert _summary(analyze_parts(pages)) == [("p1-2", "to_khai_khai_sinh"), ("p3", "cccd")]


def test_two_cards_in_a_row_are_two_documents():
    pages = [page(make_document("cccd", s).text, i) for i, s in enumerate((24, 25), 1)]
    parts = analyze_parts(pages)
    assert _summary(parts) == [("p1", "cccd"), ("p2", "cccd")]
    form = analyze_parts([page(make_document("to_khai_ket_hon", 24).text)])[0].extraction
    verdict = check(get_procedure("1.000894"), [("tk.pdf", form), *documents("cards.pdf", parts)])
    assert verdict.complete and verdict.present["cccd"] == ["cards.pdf#p1", "cards.pdf#p2"]


def test_a_file_of_one_document_keeps_its_name():
    pages = [page(make_document("giay_chung_sinh", 26).text)]
    (part,) = analyze_parts(pages)
    assert (part.first_page, part.last_page) == (1, 1)
    assert documents("cs.jpg", [part]) == [("cs.jpg", part.extraction)]
