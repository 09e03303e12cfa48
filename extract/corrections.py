"""A clerk's corrections win over what was read, and survive re-processing of the attachment."""

from __future__ import annotations

from extract.types import ALL_DOC_TYPES, FIELD_KEYS, ExtractedField, Extraction


class BadCorrection(ValueError):
    pass


def validate(target: str, value: str) -> None:
    if target == "doc_type":
        if value not in ALL_DOC_TYPES:
            raise BadCorrection(f"unknown document type {value!r}")
    elif not target.startswith("fields.") or target.removeprefix("fields.") not in FIELD_KEYS:
        raise BadCorrection(f"cannot correct {target!r}")


def apply(extraction: Extraction, corrections: list[dict] | None) -> Extraction:
    """Replay corrections in order; each names its target ('doc_type' or 'fields.<key>') and the new value."""
    result = extraction.model_copy(deep=True)
    for c in corrections or []:
        if c["target"] == "doc_type":
            result.doc_type, result.doc_type_confidence = c["new"], 1.0
            continue
        key = c["target"].removeprefix("fields.")
        old = result.fields.get(key)
        result.fields[key] = ExtractedField(value=c["new"], page=old.page if old else None, confidence=100.0,
                                            raw=old.raw if old else None)
    return result
