"""A report as a provincial-style table: XLSX (Vietnamese headers, one row per unit, totals row), CSV, PNG chart.

Everything here works from the JSON report (`digitization_report`), so every output shows the same figures.
Text that came from imports (unit names, codes) is neutralised against formula injection.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from reports.summary import period_text, rows

FULL_SCORE = 80.0  # 766 indicator 4.2: full points at a digitization rate of 80 % or more

# (group, column, path into the figures object `F`); rates are percentages.
COLUMNS = [
    ("Tiếp nhận", "Tổng số", ("received", "total")),
    ("Tiếp nhận", "Kỳ trước chuyển qua", ("received", "carried_over")),
    ("Tiếp nhận", "Mới tiếp nhận", ("received", "new")),
    ("Tiếp nhận", "Trực tiếp", ("received", "direct")),
    ("Tiếp nhận", "Trực tuyến", ("received", "online")),
    ("Tiếp nhận", "Bưu chính công ích", ("received", "postal")),
    ("Đã giải quyết", "Tổng số", ("resolved", "total")),
    ("Đã giải quyết", "Trước hạn", ("resolved", "before_deadline")),
    ("Đã giải quyết", "Đúng hạn", ("resolved", "on_deadline")),
    ("Đã giải quyết", "Quá hạn", ("resolved", "overdue")),
    ("Đang giải quyết", "Tổng số", ("in_progress", "total")),
    ("Đang giải quyết", "Trong hạn", ("in_progress", "within_deadline")),
    ("Đang giải quyết", "Quá hạn", ("in_progress", "overdue")),
    ("Số hóa hồ sơ (4.2)", "Số hồ sơ", ("digitized",)),
    ("Số hóa hồ sơ (4.2)", "Tỷ lệ (%)", ("digitization_rate",)),
    ("Tái sử dụng dữ liệu số hóa (4.3)", "Số hồ sơ", ("reused",)),
    ("Tái sử dụng dữ liệu số hóa (4.3)", "Tỷ lệ (%)", ("reuse_rate",)),
    ("Tỷ lệ (%)", "Trả kết quả điện tử (4.1)", ("electronic_result_rate",)),
    ("Tỷ lệ (%)", "Trực tuyến", ("online_rate",)),
    ("Tỷ lệ (%)", "Đúng hạn", ("on_time_rate",)),
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A leading apostrophe keeps a spreadsheet from reading imported text as a formula (CSV/formula injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def value(figures: dict, path: tuple[str, ...]):
    for key in path:
        figures = figures[key]
    return figures


def to_csv(report: dict) -> str:
    """UTF-8 with BOM so that Excel opens the Vietnamese right; rates as plain numbers, empty when undefined."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Mã đơn vị", "Tên đơn vị", *(f"{group} - {name}" for group, name, _ in COLUMNS)])
    for code, name, figures in rows(report):
        cells = [value(figures, path) for _, _, path in COLUMNS]
        writer.writerow([neutralise(code), neutralise(name), *("" if c is None else c for c in cells)])
    return "\ufeff" + out.getvalue()


BOLD, CENTER = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
_THIN = Side(style="thin")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def titles(sheet, lines: list[str], width: int, first: int = 1) -> None:
    """Centred title lines across `width` columns from row `first`, the first one larger."""
    for row, text in enumerate(lines, start=first):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        sheet.cell(row, 1, text).font = Font(bold=True, size=13 if row == 1 else 11)
        sheet.cell(row, 1).alignment = CENTER


def frame(sheet, top: int, header_end: int, bottom: int, width: int) -> None:
    """Borders on a table's cells; its header rows (`top`..`header_end`) bold and centred."""
    for row in sheet.iter_rows(min_row=top, max_row=bottom, max_col=width):
        for cell in row:
            cell.border = BOX
            if cell.row <= header_end:
                cell.font, cell.alignment = BOLD, CENTER


def widths(sheet, columns: list[float]) -> None:
    for col, width in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_xlsx(report: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    width = 3 + len(COLUMNS)
    titles(sheet, ["BÁO CÁO KẾT QUẢ GIẢI QUYẾT VÀ SỐ HÓA HỒ SƠ THỦ TỤC HÀNH CHÍNH",
                   neutralise(f"Đơn vị: {report['unit']['name']} ({report['unit']['code']})"),
                   f"Kỳ báo cáo: {period_text(report)}"], width)
    top, sub = 5, 6
    for col, name in enumerate(["STT", "Mã đơn vị", "Tên đơn vị"], start=1):
        sheet.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
        sheet.cell(top, col, name)
    col = 4
    for group in dict.fromkeys(g for g, _, _ in COLUMNS):
        span = sum(1 for g, _, _ in COLUMNS if g == group)
        sheet.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + span - 1)
        sheet.cell(top, col, group)
        col += span
    for offset, (_, name, _) in enumerate(COLUMNS):
        sheet.cell(sub, 4 + offset, name)
    lines = rows(report)
    for number, (code, name, figures) in enumerate(lines, start=1):
        row = sub + number
        total = number == len(lines)
        sheet.cell(row, 1, "" if total else number)
        sheet.cell(row, 2, neutralise(code))
        sheet.cell(row, 3, neutralise(name))
        for offset, (_, _, path) in enumerate(COLUMNS):
            cell = sheet.cell(row, 4 + offset, value(figures, path))
            if path[-1].endswith("rate"):
                cell.number_format = "0.00"
                if cell.value is None:
                    cell.value = "—"
        if total:
            for c in range(1, width + 1):
                sheet.cell(row, c).font = BOLD
    frame(sheet, top, sub, sub + len(lines), width)
    widths(sheet, [5, 16, 34, *[12] * len(COLUMNS)])
    sheet.row_dimensions[sub].height = 45
    sheet.freeze_panes = sheet.cell(sub + 1, 4)
    return saved(book)


def to_png(report: dict) -> bytes:
    """Digitization rate per unit (children, and the unit's own dossiers when it has any) with the 80 % line."""
    import matplotlib

    matplotlib.use("Agg")  # no display on servers; must precede pyplot
    import matplotlib.pyplot as plt

    own, *others = rows(report)
    shown = ([own] if own[2]["received"]["total"] else []) + others
    names = [name for _, name, _ in reversed(shown)]  # barh draws bottom-up: keep the table's order top-down
    rates = [figures["digitization_rate"] for _, _, figures in reversed(shown)]
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.42 * len(names)), dpi=100)
    colors = ["#2e7d32" if (r or 0) >= FULL_SCORE else "#ef6c00" for r in rates]
    ax.barh(names, [r or 0 for r in rates], color=colors)
    for y, rate in enumerate(rates):
        label = "—" if rate is None else f"{rate:.2f}".replace(".", ",") + "%"
        ax.text((rate or 0) + 1, y, label, va="center", fontsize=9)
    ax.axvline(FULL_SCORE, color="#c62828", linestyle="--", linewidth=1.2,
               label="80% — mức đạt điểm tối đa (Quyết định 766, chỉ tiêu 4.2)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False, fontsize=9)
    ax.set_xlim(0, 110)
    ax.set_xlabel("Tỷ lệ số hóa hồ sơ (%)")
    ax.set_title(f"Tỷ lệ số hóa hồ sơ — {report['unit']['name']}\n{period_text(report)}", fontsize=11)
    out = io.BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight")
    plt.close(fig)
    return out.getvalue()
