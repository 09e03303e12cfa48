"""The document pipeline (`workers.pipeline`) and its rows (`workers.records`): one result, stored once."""

from __future__ import annotations

from extract.types import Extraction
from storage.models import Attachment
from tests.synth import make_dossier, merge_pdfs, text_pdf
from workers import records
from workers.pipeline import OcrOptions, process, process_many

OPTIONS = OcrOptions(searchable_pdf=False, jobs=1)


def test_a_file_of_two_papers_is_two_documents_and_a_correction_changes_only_the_first():
    docs = make_dossier("1.001193", seed=41).documents
    pdf = merge_pdfs(*(text_pdf(d) for d in docs[:2]))
    read = process(pdf, "application/pdf", OPTIONS)
    assert [p.extraction.doc_type for p in read.parts] == ["to_khai_khai_sinh", "giay_chung_sinh"]
    assert [name for name, _ in read.documents("a.pdf")] == ["a.pdf#p1", "a.pdf#p2"]
    fix = [{"target": "doc_type", "new": "cccd"}, {"target": "fields.ho_ten", "new": "Nguyễn Thị Hoà"}]
    fixed = process(pdf, "application/pdf", OPTIONS, corrections=fix)
    assert fixed.extraction.doc_type == "cccd" and fixed.extraction.fields["ho_ten"].value == "Nguyễn Thị Hoà"
    assert fixed.parts[1] == read.parts[1]


def test_files_processed_together_come_back_in_order_as_alone():
    docs = make_dossier("1.001193", seed=42).documents
    files = [(text_pdf(d), "application/pdf") for d in docs]
    together = [p.extraction.doc_type for p in process_many(files, OcrOptions(searchable_pdf=False, jobs=2))]
    assert together == [process(data, media, OPTIONS).extraction.doc_type for data, media in files]
    assert together == [d.doc_type for d in docs]


def test_the_row_holds_each_document_once_and_gives_back_what_was_stored():
    docs = make_dossier("1.001193", seed=43).documents
    read = process(merge_pdfs(*(text_pdf(d) for d in docs[:2])), "application/pdf", OPTIONS)
    att = Attachment(filename="a.pdf", pages=2)
    records.store(att, read, None)
    assert att.status == "done" and att.pages == 2 and att.source == "text-layer"
    assert records.parts_of(att) == read.parts and records.extraction_of(att) == read.extraction
    assert records.documents(att) == read.documents("a.pdf")
    assert not hasattr(att, "fields") and not hasattr(att, "doc_type")  # no second copy of the first document
    records.store_extraction(att, Extraction(doc_type="cccd", doc_type_confidence=1.0))
    assert records.summary(att) == {"doc_type": "cccd", "doc_type_confidence": 1.0, "fields": {}, "problems": []}
    assert records.parts_of(att)[1] == read.parts[1] and att.parts[0]["last_page"] == read.parts[0].last_page


def test_an_unprocessed_row_has_no_documents():
    att = Attachment(filename="a.pdf")
    assert records.documents(att) == [] and records.extraction_of(att) == Extraction()
    assert records.summary(att) == {"doc_type": None, "doc_type_confidence": None, "fields": {}, "problems": []}
