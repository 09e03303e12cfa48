"""The archive audit as an inspection annex (XLSX): the numbered list of dossiers and what each lacks, then
the totals per unit and problem — laid out like the annexes inspection conclusions attach."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook

from reports.audit import PROBLEMS, label
from reports.export import BOLD, frame, neutralise, saved, titles, widths
from reports.summary import period_text

LIST_HEADER = ["STT", "Mã hồ sơ", "Đơn vị", "Thủ tục", "Ngày tiếp nhận", "Vấn đề"]
TOTALS_HEADER = ["STT", "Đơn vị", "Số hồ sơ tiếp nhận", "Số hồ sơ chưa đầy đủ", *(vi for vi, _ in PROBLEMS.values())]


def procedure_text(audit: dict, code: str) -> str:
    name = audit["procedures"].get(code)
    return f"{name} ({code})" if name else code


def to_xlsx(audit: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    width = len(TOTALS_HEADER)
    lines = ["PHỤ LỤC: DANH SÁCH HỒ SƠ LƯU TRỮ CHƯA ĐẦY ĐỦ",
             neutralise(f"Đơn vị: {audit['unit']['name']} ({audit['unit']['code']})"),
             f"Kỳ kiểm tra: hồ sơ tiếp nhận {period_text(audit)}"]
    if audit["problem"]:
        lines.append(f"Vấn đề: {label(audit['problem'])}")
    titles(sheet, lines, width)
    names = {u["unit"]: u["name"] for u in audit["units"]}
    top = len(lines) + 2
    for col, name in enumerate(LIST_HEADER, start=1):
        sheet.cell(top, col, name)
    for number, item in enumerate(audit["items"], start=1):
        cells = [number, neutralise(item["receipt_code"]), neutralise(names.get(item["unit"], item["unit"])),
                 neutralise(procedure_text(audit, item["procedure_code"])), date.fromisoformat(item["received_on"]),
                 "; ".join(label(code) for code in item["problems"])]
        for col, cell in enumerate(cells, start=1):
            sheet.cell(top + number, col, cell)
        sheet.cell(top + number, 5).number_format = "DD/MM/YYYY"
    end = top + len(audit["items"])
    frame(sheet, top, top, end, len(LIST_HEADER))

    start = end + 2
    sheet.cell(start, 1, "Tổng hợp theo đơn vị và vấn đề").font = BOLD
    head = start + 1
    for col, name in enumerate(TOTALS_HEADER, start=1):
        sheet.cell(head, col, name)
    units = audit["units"]
    for number, unit in enumerate(units, start=1):
        cells = [number, neutralise(unit["name"]), unit["dossiers"], unit["listed"], *(unit[c] for c in PROBLEMS)]
        for col, cell in enumerate(cells, start=1):
            sheet.cell(head + number, col, cell)
    total_row = head + len(units) + 1
    for col, cell in enumerate(["", "Tổng cộng", audit["dossiers"], len(audit["items"]),
                                *audit["totals"].values()], start=1):
        sheet.cell(total_row, col, cell).font = BOLD
    frame(sheet, head, head, total_row, width)
    widths(sheet, [6, 28, 30, 40, 14, 50, *[14] * len(PROBLEMS)])
    sheet.row_dimensions[head].height = 60
    return saved(book)
