"""What the command line prints: JSON-ready dicts (machine-plain) and rich tables (Vietnamese format)."""

from __future__ import annotations

import re

from rich.console import Console
from rich.table import Column, Table

from core.vntext import vn_int, vn_percent
from extract.types import DOC_TYPE_NAMES as DOC_NAMES
from extract.types import Extraction, Verdict
from ocr.types import OcrResult
from reports.audit import PROBLEMS, label
from reports.summary import period_text, rows, summary
from storage.models import Attachment, Dossier
from workers import records


def _extraction(extraction: Extraction) -> dict:
    return {"doc_type": extraction.doc_type, "doc_type_confidence": extraction.doc_type_confidence,
            "fields": {k: f.model_dump(mode="json", exclude_none=True) for k, f in extraction.fields.items()},
            "problems": [p.model_dump(mode="json") for p in extraction.problems], "evidence": extraction.evidence}


def analysis(name: str, result: OcrResult, extraction: Extraction, seconds: float) -> dict:
    return {"file": name, "pages": len(result.pages), "source": result.source, "confidence": result.confidence,
            "text": result.text, **_extraction(extraction), "seconds": round(seconds, 3)}


def part(name: str, label: str, extraction: Extraction) -> dict:
    """One document of a file holding several: its pages, type, fields and the marks seen on it."""
    return {"file": name, "pages": label, **_extraction(extraction)}


def verdict_json(verdict: Verdict) -> dict:
    return verdict.model_dump(mode="json")


def _first_document(att: Attachment) -> dict:
    shown = records.summary(att)
    return {k: shown[k] for k in ("doc_type", "doc_type_confidence", "fields")}


def dossier_result(dossier: Dossier, rejected: list[dict], report: dict) -> dict:
    return {
        "dossier": {"id": dossier.id, "receipt_code": dossier.receipt_code, "unit": dossier.unit_code,
                    "procedure": dossier.procedure_code},
        "attachments": [{
            "file": a.filename, "status": a.status, "error": a.error, "pages": a.pages, "source": a.source,
            "confidence": a.confidence, **_first_document(a), "object_key": a.object_key,
            "digitized_key": a.digitized_key,
        } for a in dossier.attachments],
        "rejected": rejected,
        "verdict": dossier.verdict,
        "digitized": dossier.components_digitized,
        "report": report,
    }


KEY_FIELDS = ("ho_ten", "ngay_sinh", "gioi_tinh", "so_cccd", "so_cmnd", "nguoi_yeu_cau", "so_van_ban", "ngay_ky")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _field_text(field: dict | str) -> str:
    """A field for people: ISO dates become dd/mm/yyyy."""
    value = field["value"] if isinstance(field, dict) else str(field)
    return ISO_DATE.sub(r"\3/\2/\1", value)


def key_fields(fields: dict) -> str:
    """The four fields a clerk checks first (the subject's name, birth date, sex, ID number)."""
    keys = [k for k in KEY_FIELDS if k in fields][:4]
    return ", ".join(f"{k}={_field_text(fields[k])}" for k in keys)


def print_analysis(console: Console, out: dict) -> None:
    console.print(f"[bold]{out['file']}[/bold]: {DOC_NAMES.get(out['doc_type'], out['doc_type'])} "
                  f"({out['pages']} trang, {'lớp chữ sẵn có' if out['source'] == 'text-layer' else 'OCR'}, "
                  f"độ tin cậy {vn_percent(out['confidence'])}, {out['seconds']:.1f} giây)")
    table = Table("Trường / field", "Giá trị / value", "Trang", show_edge=False)
    for key, field in out["fields"].items():
        table.add_row(key, _field_text(field), str(field.get("page", "")) if isinstance(field, dict) else "")
    console.print(table)


def print_verdict(console: Console, verdict: dict, doc_types: dict[str, str] | None = None) -> None:
    if doc_types:
        for name, doc_type in doc_types.items():
            console.print(f"  {name}: {DOC_NAMES.get(doc_type, doc_type)}")
    if verdict["complete"]:
        console.print(f"[green]Hồ sơ đủ thành phần[/green] (thủ tục {verdict['procedure']})")
    else:
        console.print(f"[red]Hồ sơ chưa đủ[/red] (thủ tục {verdict['procedure']})")
    for line in verdict.get("messages", []):
        console.print(f"  • {line}")


def print_dossier(console: Console, result: dict) -> None:
    d = result["dossier"]
    console.print(f"[bold]Hồ sơ {d['receipt_code']}[/bold] — thủ tục {d['procedure']}, đơn vị {d['unit']}")
    table = Table("Tệp / file", "Trạng thái", "Loại giấy tờ", "Trường chính", show_edge=False)
    for a in result["attachments"]:
        status = a["status"] if not a["error"] else f"{a['status']}: {a['error']}"
        doc_name = DOC_NAMES.get(a["doc_type"] or "", a["doc_type"] or "—")
        table.add_row(a["file"], status, doc_name, key_fields(a["fields"]))
    console.print(table)
    for r in result["rejected"]:
        console.print(f"[red]Từ chối / rejected[/red] {r['file']}: {r['message']}")
    if result["verdict"]:
        print_verdict(console, result["verdict"])
    print_report(console, result["report"])


def print_report(console: Console, report: dict) -> None:
    unit = report["unit"]
    console.print(f"[bold]{unit['name']}[/bold] ({unit['code']}), {period_text(report)}")
    table = Table("Đơn vị", show_edge=False)
    for heading in ("Tiếp nhận", "Đã giải quyết", "Trước / đúng / quá hạn", "Đang giải quyết (quá hạn)", "Số hóa",
                    "Tỷ lệ số hóa", "Tái sử dụng (4.3)", "Tỷ lệ đúng hạn"):
        table.add_column(heading, justify="right")
    for _, name, f in rows(report):
        r, s, p = f["received"], f["resolved"], f["in_progress"]
        table.add_row(name, vn_int(r["total"]), vn_int(s["total"]),
                      " / ".join(vn_int(s[k]) for k in ("before_deadline", "on_deadline", "overdue")),
                      f"{vn_int(p['total'])} ({vn_int(p['overdue'])})", vn_int(f["digitized"]),
                      vn_percent(f["digitization_rate"]), f"{vn_int(f['reused'])} ({vn_percent(f['reuse_rate'])})",
                      vn_percent(f["on_time_rate"]))
    # Piped output gets the whole table unwrapped; a terminal keeps its own width.
    (console if console.is_terminal else Console(file=console.file, width=160)).print(table)
    console.print(summary(report["subtree"]), soft_wrap=True)


def print_audit(console: Console, audit: dict) -> None:
    """The archive audit for people: the dossiers and what each lacks, then the count per problem."""
    unit = audit["unit"]
    console.print(f"[bold]Hồ sơ lưu trữ chưa đầy đủ — {unit['name']}[/bold] ({unit['code']}), hồ sơ tiếp nhận "
                  f"{period_text(audit)}: {vn_int(len(audit['items']))} / {vn_int(audit['dossiers'])} hồ sơ"
                  + (f" (vấn đề: {label(audit['problem'])})" if audit["problem"] else ""), soft_wrap=True)
    names = {u["unit"]: u["name"] for u in audit["units"]}
    table = Table(Column("STT", justify="right"), "Mã hồ sơ", "Đơn vị", "Ngày tiếp nhận", "Vấn đề", show_edge=False)
    for number, item in enumerate(audit["items"], start=1):
        table.add_row(vn_int(number), item["receipt_code"], names.get(item["unit"], item["unit"]),
                      ISO_DATE.sub(r"\3/\2/\1", item["received_on"]), "; ".join(map(label, item["problems"])))
    totals = Table("Vấn đề", Column("Số hồ sơ", justify="right"), show_edge=False)
    for code in PROBLEMS:
        totals.add_row(label(code), vn_int(audit["totals"][code]))
    wide = console if console.is_terminal else Console(file=console.file, width=200)
    wide.print(table)
    wide.print(totals)


def print_import(console: Console, err: Console, result: dict) -> None:
    if result["cancelled"]:
        console.print(f"[red]Không nhập hồ sơ nào[/red] (--strict): {vn_int(result['rejected'])} dòng lỗi / "
                      f"nothing imported, {result['rejected']} bad rows")
    else:
        console.print(f"Đã nhập {vn_int(result['imported'])}/{vn_int(result['rows'])} dòng: "
                      f"{vn_int(result['inserted'])} hồ sơ mới, {vn_int(result['updated'])} cập nhật, "
                      f"{vn_int(result['unchanged'])} không đổi; {vn_int(result['rejected'])} dòng lỗi")
    for error in result["errors"]:
        err.print(f"  {error['message']}", markup=False)
    if result["errors_truncated"]:
        err.print(f"  … (chỉ liệt kê {len(result['errors'])} lỗi đầu / first {len(result['errors'])} listed)")
