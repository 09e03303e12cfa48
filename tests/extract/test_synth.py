"""The labelled synthetic papers (tests/synth) through the text-layer path: every contract field read back."""

import pytest

from extract import analyze
from ocr.pipeline import OcrOptions, run_ocr
from tests.synth.forms import make_document
from tests.synth.model import DOC_TYPES
from tests.synth.pdf import text_pdf


@pytest.mark.parametrize("doc_type", DOC_TYPES)
@pytest.mark.parametrize("seed", range(2))
def test_contract_fields_from_a_born_digital_pdf(doc_type, seed):
    doc = make_document(doc_type, seed)
    pages = run_ocr(text_pdf(doc), "application/pdf", OcrOptions(searchable_pdf=False)).pages
    extraction = analyze(pages)
    assert extraction.doc_type == doc_type
    got = {k: f.value for k, f in extraction.fields.items()}
    assert {k: got.get(k) for k in doc.fields} == doc.fields
    assert all(f.confidence == 100.0 for f in extraction.fields.values() if f.confidence is not None)
    assert not [p for p in extraction.problems if p.code != "cccd_unknown_prefix"]  # synth IDs are consistent
