"""Register import: encodings, XLSX, aliases, bad rows with line numbers, --strict, idempotent re-import."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from core.errors import Rejected
from ingest.tabular import open_table
from storage.models import Dossier
from tests.reports.conftest import HEADER, X, Y, csv_bytes, load

VI_HEADER = ["Mã hồ sơ", "Mã TTHC", "Mã đơn vị", "Kênh thực hiện", "Ngày tiếp nhận", "Ngày hẹn trả",
             "Ngày kết thúc xử lý", "Số hóa thành phần", "Kết quả giấy", "Số hóa kết quả"]
F766_HEADER = ["MaHoSo", "MaTTHC", "MaDonVi", "KenhThucHien", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy",
               "DaSoHoaThanhPhan", "KetQuaGiay", "DaSoHoaKetQua"]
ROWS = [
    ["R-1", "1.001193", X, "Trực tiếp", "05/09/2025 08:15", "12/09/2025", "11/09/2025 15:00", "1", "1", "1"],
    ["R-2", "1.001193", X, "Trực tuyến", "06/09/2025", "13/09/2025", "", "có", "1", "0"],
    ["R-3", "2.000815", Y, "Bưu chính công ích", "07/09/2025", "", "", "không", "0", ""],
]


def stored(services) -> dict[str, Dossier]:
    with services.sessions() as session:
        return {d.receipt_code: d for d in session.scalars(select(Dossier))}


def check_rows(services) -> None:
    dossiers = stored(services)
    assert set(dossiers) == {"R-1", "R-2", "R-3"}
    r1, r2, r3 = dossiers["R-1"], dossiers["R-2"], dossiers["R-3"]
    assert (r1.channel, r2.channel, r3.channel) == (1, 2, 3)
    assert (r1.received_on, r1.due_on, r1.finished_on) == (date(2025, 9, 5), date(2025, 9, 12), date(2025, 9, 11))
    assert r1.received_at.replace(tzinfo=None) == datetime(2025, 9, 5, 1, 15)  # stored in UTC
    assert (r1.status, r2.status, r1.source) == ("finished", "received", "register")
    assert (r2.components_digitized, r3.components_digitized, r3.result_paper) == (True, False, False)
    assert r3.due_on is None and r3.finished_on is None


@pytest.mark.parametrize("encoding,header,delimiter", [
    ("cp1258", VI_HEADER, ","),  # Windows export with the one-stop software's Vietnamese headers
    ("utf-8-sig", F766_HEADER, ";"),  # Excel "CSV UTF-8" in a Vietnamese locale, 766 field names
    ("utf-8", HEADER, "\t"),
])
def test_csv_encodings_and_header_aliases(services, encoding, header, delimiter):
    data = csv_bytes(ROWS, header, encoding, delimiter)
    if encoding == "cp1258":
        with pytest.raises(UnicodeDecodeError):  # really legacy bytes, not UTF-8
            data.decode("utf-8")
    result = load(services, data)
    assert (result.rows, result.imported, result.rejected, result.kind) == (3, 3, 0, encoding)
    check_rows(services)


def test_cp1258_whose_only_legacy_byte_is_the_last_one():
    """UTF-8 decoding fails only at the end of the stream: the encoding is judged on that last chunk."""
    data = "ma_ho_so,ma_tthc\r\nR-1,Hà".encode("cp1258")
    assert data[-1:] == b"\xe0"
    assert open_table(io.BytesIO(data)).kind == "cp1258"


def test_nfd_text_is_normalised(services):
    rows = [[unicodedata.normalize("NFD", c) if isinstance(c, str) else c for c in row] for row in ROWS]
    assert load(services, csv_bytes(rows)).rejected == 0  # "Trực tiếp" in NFD still names channel 1
    check_rows(services)


def xlsx_bytes(header: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Sổ theo dõi hồ sơ"])  # a title line above the header, as exports often have
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_typed_cells(services):
    rows = [
        ["R-1", "1.001193", X, 1, datetime(2025, 9, 5, 8, 15), date(2025, 9, 12), datetime(2025, 9, 11, 15), 1, 1, 1],
        ["R-2", "1.001193", X, 2, date(2025, 9, 6), date(2025, 9, 13), None, 1, 1, 0],
        ["R-3", "2.000815", Y, 3.0, "07/09/2025", None, None, 0, 0, None],
    ]
    result = load(services, xlsx_bytes(VI_HEADER, rows))
    assert (result.imported, result.rejected, result.kind) == (3, 0, "xlsx")
    check_rows(services)


def test_xlsx_rows_keep_sheet_row_numbers():
    data = xlsx_bytes(HEADER, [["A", "1", X, 1, "2025-09-01", "", "", 0, 1, 0]])
    table = open_table(io.BytesIO(data))
    assert table.header == ["Sổ theo dõi hồ sơ"]  # the title; the register finds the header below it
    assert [(line, cells[0]) for line, cells in table.rows] == [(3, "ma_ho_so"), (4, "A")]  # row 2 is empty


BAD = [
    ["B-1", "1.001193", X, 1, "2025-09-01", "", "", 1, 1, 0],  # line 2: good
    ["B-2", "1.001193", X, 4, "2025-09-01", "", "", 1, 1, 0],  # line 3: channel 4
    ["B-3", "1.001193", "000.99.99.H56", 1, "2025-09-01", "", "", 1, 1, 0],  # line 4: unknown unit
    ["B-4", "1.001193", X, 1, "31/02/2025", "", "", 1, 1, 0],  # line 5: no such day
    ["B-5", "1.001193", X, 1, "2025-09-10", "2025-09-01", "", 1, 1, 0],  # line 6: due before received
    ["B-6", "1.001193", X, 1, "2025-09-10", "", "2025-09-09", 1, 1, 0],  # line 7: finished before received
    ["", "1.001193", X, 1, "2025-09-10", "", "", 1, 1, 0],  # line 8: no receipt code
    ["B-8", "1.001193", X, 1, "2025-09-10", "", "", "maybe", 1, 0],  # line 9: not a flag
    ["B-9", "=HYPERLINK(\"http://x\")", X, 1, "2025-09-10", "", "", 1, 1, 0],  # line 10: good, a formula is text
]


def test_bad_rows_reported_with_line_numbers_and_good_rows_kept(services):
    result = load(services, csv_bytes(BAD))
    assert (result.rows, result.imported, result.rejected) == (9, 2, 7)
    assert [(e["line"], e["code"]) for e in result.errors] == [
        (3, "bad_channel"), (4, "unknown_unit"), (5, "bad_date"), (6, "due_before_received"),
        (7, "finished_before_received"), (8, "missing_value"), (9, "bad_flag")]
    first = result.errors[0]
    assert first["vi"].startswith("kênh không hợp lệ") and first["en"].startswith("bad channel")
    assert first["message"].startswith("dòng 3: ") and " / line 3: " in first["message"]
    assert set(stored(services)) == {"B-1", "B-9"}
    assert stored(services)["B-9"].procedure_code == '=HYPERLINK("http://x")'


def test_codes_round_trip_exactly(services):
    rows = [["K\\1/2025", "1.001193", X, 1, "2025-09-01", "", "", 1, 1, 0],  # a backslash survives COPY
            ["K-2\t", "1.001193", X, 1, "2025-09-01", "", "", 1, 1, 0],  # trailing whitespace is trimmed
            ["K\x0b3", "1.001193", X, 1, "2025-09-01", "", "", 1, 1, 0]]  # a control character is refused
    result = load(services, csv_bytes(rows))
    assert [e["code"] for e in result.errors] == ["unprintable"]
    assert set(stored(services)) == {"K\\1/2025", "K-2"}


def test_line_numbers_count_physical_lines(services):
    header = [*HEADER, "ghi_chu"]
    rows = [["M-1", "1.001193", X, 1, "2025-09-01", "", "", 1, 1, 0, "hai\ndòng"],  # lines 2-3
            ["M-2", "1.001193", X, 9, "2025-09-01", "", "", 1, 1, 0, ""]]  # line 4
    result = load(services, csv_bytes(rows, header))
    assert [e["line"] for e in result.errors] == [4]


def test_strict_imports_nothing_when_a_row_is_bad(services):
    result = load(services, csv_bytes(BAD), strict=True)
    assert result.cancelled and result.imported == 0 and result.rejected == 7
    assert stored(services) == {}
    assert load(services, csv_bytes(BAD[:1]), strict=True).imported == 1


def test_reimport_is_idempotent_and_updates_changed_rows(services):
    first = load(services, csv_bytes(ROWS))
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    again = load(services, csv_bytes(ROWS))
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    ids = {code: d.id for code, d in stored(services).items()}
    changed = [row[:] for row in ROWS]
    changed[1][6] = "14/09/2025 10:00"  # R-2 finished since the last export
    changed[1][9] = "1"
    third = load(services, csv_bytes(changed))
    assert (third.inserted, third.updated, third.unchanged) == (0, 1, 2)
    after = stored(services)
    assert {code: d.id for code, d in after.items()} == ids
    assert after["R-2"].finished_on == date(2025, 9, 14) and after["R-2"].result_digitized is True
    assert after["R-2"].status == "finished"


def test_missing_required_columns_reject_the_file(services):
    with pytest.raises(Rejected) as exc:
        load(services, csv_bytes([["A", X]], ["ma_ho_so", "ma_don_vi"]))
    assert exc.value.code == "missing_columns" and "ma_tthc" in exc.value.en
    with pytest.raises(Rejected):
        load(services, b"")
