"""What the command line prints: JSON-ready dicts (machine-plain) and rich tables (Vietnamese format)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from extract.types import Extraction, Verdict
from ocr.types import OcrResult
from sohoa.vnformat import vn_int, vn_percent
from storage.models import Dossier

DOC_NAMES = {
    "to_khai_khai_sinh": "Tờ khai đăng ký khai sinh",
    "giay_chung_sinh": "Giấy chứng sinh",
    "cccd": "Căn cước công dân",
    "to_khai_ket_hon": "Tờ khai đăng ký kết hôn",
    "xac_nhan_tinh_trang_hon_nhan": "Giấy xác nhận tình trạng hôn nhân",
    "to_khai_cu_tru": "Tờ khai thay đổi thông tin cư trú (CT01)",
    "hop_dong_thue_nha": "Hợp đồng thuê nhà",
    "quyet_dinh": "Quyết định",
    "don_de_nghi": "Đơn đề nghị",
    "unknown": "Không xác định",
}


def analysis(name: str, result: OcrResult, extraction: Extraction, seconds: float) -> dict:
    return {
        "file": name,
        "pages": len(result.pages),
        "source": result.source,
        "confidence": result.confidence,
        "text": result.text,
        "doc_type": extraction.doc_type,
        "doc_type_confidence": extraction.doc_type_confidence,
        "fields": {k: f.model_dump(mode="json", exclude_none=True) for k, f in extraction.fields.items()},
        "problems": [p.model_dump(mode="json") for p in extraction.problems],
        "evidence": extraction.evidence,
        "seconds": round(seconds, 3),
    }


def part(name: str, label: str, extraction: Extraction) -> dict:
    """One document of a file holding several: its pages, type, fields and the marks seen on it."""
    return {"file": name, "pages": label, "doc_type": extraction.doc_type,
            "doc_type_confidence": extraction.doc_type_confidence,
            "fields": {k: f.model_dump(mode="json", exclude_none=True) for k, f in extraction.fields.items()},
            "problems": [p.model_dump(mode="json") for p in extraction.problems], "evidence": extraction.evidence}


def verdict_json(verdict: Verdict) -> dict:
    return verdict.model_dump(mode="json")


def dossier_result(dossier: Dossier, rejected: list[dict], report: dict) -> dict:
    return {
        "dossier": {"id": dossier.id, "receipt_code": dossier.receipt_code, "unit": dossier.unit_code,
                    "procedure": dossier.procedure_code},
        "attachments": [{
            "file": a.filename, "status": a.status, "error": a.error, "pages": a.pages, "source": a.source,
            "confidence": a.confidence, "doc_type": a.doc_type, "doc_type_confidence": a.doc_type_confidence,
            "fields": a.fields or {}, "object_key": a.object_key, "digitized_key": a.digitized_key,
        } for a in dossier.attachments],
        "rejected": rejected,
        "verdict": dossier.verdict,
        "digitized": dossier.components_digitized,
        "report": report,
    }


def _field_text(field: dict | str) -> str:
    return field["value"] if isinstance(field, dict) else str(field)


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
        key_fields = ", ".join(f"{k}={_field_text(v)}" for k, v in list(a["fields"].items())[:4])
        status = a["status"] if not a["error"] else f"{a['status']}: {a['error']}"
        table.add_row(a["file"], status, DOC_NAMES.get(a["doc_type"] or "", a["doc_type"] or "—"), key_fields)
    console.print(table)
    for r in result["rejected"]:
        console.print(f"[red]Từ chối / rejected[/red] {r['file']}: {r['message']}")
    if result["verdict"]:
        print_verdict(console, result["verdict"])
    print_report(console, result["report"])


def print_report(console: Console, report: dict) -> None:
    unit = report["unit"]
    console.print(f"[bold]{unit['name']}[/bold] ({unit['code']}), {report['from']} → {report['to']}")
    table = Table("Đơn vị", "Tiếp nhận", "Số hóa", "Tỷ lệ số hóa", show_edge=False)
    rows = [(f"{unit['name']} (riêng)", report["own"])]
    rows += [(c["unit"]["name"], c["figures"]) for c in report["children"]]
    rows += [("Toàn đơn vị / subtree", report["subtree"])]
    for name, f in rows:
        table.add_row(name, vn_int(f["received"]["total"]), vn_int(f["digitized"]), vn_percent(f["digitization_rate"]))
    console.print(table)
