"""Formalities a clerk checks on the paper itself (Nghị định 23/2015 on certified copies; the one-stop rule that
the clerk compares copies with originals): an original issued by an authority bears that authority's seal, a
certified copy bears the certifying office's seal, and a citizen's own form is signed.

Marks are only judged on page images the OCR stage inspected (a born-digital PDF has none), and a missing
mark is a warning for the clerk, never a missing component: the detector can miss a faint seal.
"""

from __future__ import annotations

from extract.types import Component, Extraction, Problem

# Papers an authority issues: their original carries its round seal.
ISSUED = frozenset({"giay_chung_sinh", "xac_nhan_tinh_trang_hon_nhan", "quyet_dinh", "giay_khai_sinh",
                    "trich_luc_khai_sinh", "giay_chung_nhan_ket_hon", "xac_nhan_cu_tru"})
# Papers the citizen (or the parties) sign: their original carries a signature.
SIGNED = frozenset({"to_khai_khai_sinh", "to_khai_ket_hon", "to_khai_cu_tru", "don_de_nghi", "hop_dong_thue_nha"})


def _warning(code: str, message: str, c: Component, file: str, need: str) -> Problem:
    return Problem(code=code, message=message, files=[file],
                   details={"severity": "warning", "component": c.id, "file": file, "need": need})


def check_marks(component: Component, file: str, ex: Extraction) -> list[Problem]:
    """Warnings for one document filed under `component` (its `originals`/`copies` say what is needed)."""
    if not ex.inspected:
        return []
    if component.copies > 0 and not ex.evidence.get("stamp"):
        return [_warning("stamp_missing", f"Không thấy dấu chứng thực trên bản sao “{component.name}” "
                         f"(tệp {file}): cần kiểm tra bản sao đã được chứng thực hoặc đối chiếu với bản chính.",
                         component, file, "certified_copy")]
    if component.originals > 0 and ex.doc_type in ISSUED and not ex.evidence.get("stamp"):
        return [_warning("stamp_missing", f"Không thấy con dấu của cơ quan cấp trên “{component.name}” "
                         f"(tệp {file}): cần kiểm tra đây có phải bản chính.", component, file, "original")]
    if component.originals > 0 and ex.doc_type in SIGNED and not ex.evidence.get("signature"):
        return [_warning("signature_missing", f"Không thấy chữ ký trên “{component.name}” (tệp {file}): "
                         "đề nghị người nộp ký trước khi tiếp nhận.", component, file, "signature")]
    return []


def warnings(components: list[Component], present: dict[str, list[str]],
             documents: list[tuple[str, Extraction]]) -> list[Problem]:
    by_name = {}
    for file, ex in documents:
        by_name.setdefault(file, ex)
    return [w for c in components for file in present.get(c.id, []) for w in check_marks(c, file, by_name[file])]
