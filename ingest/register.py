"""Import the one-stop software's dossier register (CSV/XLSX, one dossier per row) as `Dossier` rows.

Idempotent: keyed by ma_ho_so (the receipt code), a re-import updates changed rows and leaves the rest.
A bad row is reported with its line number and reason and skipped; with strict=True any bad row cancels
the whole import. Rows are validated and written in batches inside one transaction: memory stays flat
however long the register is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time
from operator import itemgetter
from typing import Any, BinaryIO

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from core.errors import Rejected
from core.vntext import fold
from ingest.register_write import Record, writer_for
from ingest.tabular import open_table
from storage.days import VN
from storage.models import Dossier, Procedure, Unit

BATCH = 20_000
MAX_ERRORS = 1000  # kept in the answer; all are counted

# Canonical column → accepted headers, compared folded (no diacritics, case, spaces or punctuation), so the
# canonical names, the 766 field names (MaHoSo …) and the one-stop software's Vietnamese headers all match.
ALIASES = {
    "ma_ho_so": ["ma_ho_so", "MaHoSo", "Mã hồ sơ", "Số hồ sơ"],
    "ma_tthc": ["ma_tthc", "MaTTHC", "Mã TTHC", "Mã thủ tục", "Mã thủ tục hành chính"],
    "ma_don_vi": ["ma_don_vi", "MaDonVi", "Mã đơn vị", "Mã cơ quan"],
    "kenh": ["kenh", "KenhThucHien", "Kênh thực hiện", "Kênh tiếp nhận", "Hình thức tiếp nhận"],
    "ngay_tiep_nhan": ["ngay_tiep_nhan", "NgayTiepNhan", "Ngày tiếp nhận"],
    "ngay_hen_tra": ["ngay_hen_tra", "NgayHenTra", "Ngày hẹn trả", "Ngày hẹn trả kết quả"],
    "ngay_ket_thuc": ["ngay_ket_thuc", "NgayKetThucXuLy", "Ngày kết thúc", "Ngày kết thúc xử lý",
                      "Ngày trả kết quả", "NgayTraKetQua"],
    "so_hoa_thanh_phan": ["so_hoa_thanh_phan", "DaSoHoaThanhPhan", "Số hóa thành phần", "Số hóa thành phần hồ sơ"],
    "ket_qua_giay": ["ket_qua_giay", "KetQuaGiay", "Kết quả giấy", "Kết quả là giấy", "Kết quả bản giấy"],
    "so_hoa_ket_qua": ["so_hoa_ket_qua", "DaSoHoaKetQua", "Số hóa kết quả", "Kết quả điện tử"],
    "tai_su_dung": ["tai_su_dung", "TaiSuDung", "DaTaiSuDung", "Tái sử dụng", "Tái sử dụng dữ liệu",
                    "Tái sử dụng dữ liệu số hóa", "Tái sử dụng kết quả số hóa"],
}
REQUIRED = ("ma_ho_so", "ma_tthc", "ma_don_vi", "kenh", "ngay_tiep_nhan")


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


HEADERS = {header_key(alias): column for column, aliases in ALIASES.items() for alias in aliases}
CHANNELS = {"1": 1, "2": 2, "3": 3, "truc tiep": 1, "truc tuyen": 2, "buu chinh": 3, "buu chinh cong ich": 3,
            "bcci": 3}
FLAGS = {**dict.fromkeys(("1", "x", "co", "true", "yes", "da"), True),
         **dict.fromkeys(("0", "khong", "false", "no", "chua"), False)}
DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


class RowError(ValueError):
    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(en)
        self.code, self.vi, self.en = code, vi, en


@dataclass
class ImportResult:
    rows: int = 0  # data rows read
    imported: int = 0  # valid rows written (0 when a strict import was cancelled)
    inserted: int = 0  # new dossiers
    updated: int = 0  # existing dossiers whose data changed
    unchanged: int = 0
    rejected: int = 0
    errors: list[dict] = field(default_factory=list)
    kind: str = ""
    cancelled: bool = False

    def as_dict(self) -> dict:
        return {"rows": self.rows, "imported": self.imported, "inserted": self.inserted, "updated": self.updated,
                "unchanged": self.unchanged, "rejected": self.rejected, "errors": self.errors,
                "errors_truncated": self.rejected > len(self.errors), "format": self.kind,
                "cancelled": self.cancelled}


class _Cancel(Exception):
    """Rolls the transaction back when a strict import met a bad row."""


def import_register(engine: Engine, fh: BinaryIO, *, strict: bool = False) -> ImportResult:
    table = open_table(fh)
    columns = _find_header(table.header, table.rows)
    result = ImportResult(kind=table.kind)
    with Session(engine) as session:
        parse = RowParser(columns, set(session.scalars(select(Unit.code).distinct())),
                          dict(session.execute(select(Procedure.code, Procedure.result_paper)).all()))
        before = session.scalar(select(func.count()).select_from(Dossier)) or 0
    try:
        with engine.begin() as conn:
            write = writer_for(conn)
            batches = (b for b in _batches(parse, table.rows, result) if not (strict and result.rejected))
            affected = _pipelined(write, batches) if conn.dialect.name == "postgresql" else sum(map(write, batches))
            if strict and result.rejected:
                raise _Cancel
            after = conn.scalar(select(func.count()).select_from(Dossier)) or 0
    except _Cancel:
        result.cancelled = True
        return result
    result.imported = result.rows - result.rejected
    result.inserted = after - before
    result.updated = affected - result.inserted
    result.unchanged = result.imported - affected
    return result


def _pipelined(write: Callable[[list[Record]], int], batches: Iterator[list[Record]]) -> int:
    """Write each batch on a second thread while this one parses the next: the server merges on its own core.

    One batch in flight at most, so memory stays flat; psycopg releases the GIL while it waits on the server.
    """
    affected, pending = 0, None
    with ThreadPoolExecutor(max_workers=1) as pool:
        for batch in batches:
            if pending is not None:
                affected += pending.result()
            pending = pool.submit(write, batch)
        if pending is not None:
            affected += pending.result()
    return affected


def _batches(parse: RowParser, rows: Iterator[tuple[int, list[Any]]], result: ImportResult) -> Iterator[list]:
    batch: list[Record] = []
    for line, cells in rows:
        result.rows += 1
        try:
            batch.append(parse(line, cells))
        except RowError as exc:
            result.rejected += 1
            if len(result.errors) < MAX_ERRORS:
                result.errors.append({"line": line, "code": exc.code, "vi": exc.vi, "en": exc.en,
                                      "message": f"dòng {line}: {exc.vi} / line {line}: {exc.en}"})
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _map_header(header: list[Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        column = HEADERS.get(header_key(_text(name)))
        if column and column not in columns:
            columns[column] = index
    return columns


def _find_header(first: list[str], rows: Iterator[tuple[int, list[Any]]], lookahead: int = 10) -> dict[str, int]:
    """The header is the first line naming the required columns: exports often put a title or two above it."""
    columns, candidate = _map_header(first), first
    for _ in range(lookahead):
        if all(c in columns for c in REQUIRED):
            return columns
        line = next(rows, None)
        if line is None:
            break
        candidate = line[1]
        columns = _map_header(candidate)
    missing = [c for c in REQUIRED if c not in _map_header(first)]
    raise Rejected("missing_columns", f"Thiếu cột: {', '.join(missing)}", f"missing columns: {', '.join(missing)}")


def _text(value: Any) -> str:
    if value.__class__ is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # XLSX numbers: 1.0 → "1"
        value = int(value)
    return str(value).strip()


def _flag(value: Any, name: str) -> bool | None:
    text = _text(value)
    flag = FLAGS.get(text)
    if flag is None:
        flag = FLAGS.get(fold(text))
    if flag is None and text:
        raise RowError("bad_flag", f"{name} phải là 0 hoặc 1, không phải {text!r}",
                       f"{name} must be 0 or 1, not {text!r}")
    return flag


def _channel(value: Any) -> int:
    text = _text(value)
    channel = CHANNELS.get(text) or CHANNELS.get(fold(text))
    if channel is None:
        raise RowError("bad_channel", f"kênh không hợp lệ {text!r} (1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích)",
                       f"bad channel {text!r} (1 direct, 2 online, 3 postal)")
    return channel


def _moment(value: Any, name: str) -> datetime | None:
    """A Vietnam wall-clock time (naive); a bare date is that day's start. Explicit offsets are honoured."""
    if value.__class__ is str:
        text = value.strip()
        if not text:
            return None
        try:
            if text[2:3] == "/" or text[1:2] == "/":  # dd/mm/yyyy[ HH:MM[:SS]], the one-stop software's own
                match = DMY.fullmatch(text)
                if match is None:
                    raise ValueError(text)
                d, m, y, hh, mm, ss = match.groups()
                moment = datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
            else:
                moment = datetime.fromisoformat(text)
        except ValueError:
            raise RowError("bad_date", f"{name} không hợp lệ: {text!r} (dd/mm/yyyy hoặc yyyy-mm-dd)",
                           f"bad {name}: {text!r} (dd/mm/yyyy or yyyy-mm-dd)") from None
    elif value is None:
        return None
    elif isinstance(value, datetime):  # XLSX cells
        moment = value
    elif isinstance(value, date):
        return datetime.combine(value, time.min)
    else:
        return _moment(_text(value), name)
    if moment.tzinfo is not None:
        moment = moment.astimezone(VN).replace(tzinfo=None)
    return moment


class RowParser:
    """Turns one row's cells into a Record, or raises RowError with the reason in Vietnamese and English."""

    def __init__(self, columns: dict[str, int], units: set[str], paper_results: dict[str, bool]) -> None:
        self.units, self.paper_results = units, paper_results
        # Absent columns read index -1: the None that __call__ appends to every row.
        self.pick = itemgetter(*(columns.get(name, -1) for name in ALIASES))

    def __call__(self, line: int, cells: list[Any]) -> Record:
        cells.append(None)
        code, procedure, unit, channel, received, due, finished, components, paper, result, reused = self.pick(cells)
        code, procedure, unit = _text(code), _text(procedure), _text(unit)
        for value, name in ((code, "ma_ho_so"), (procedure, "ma_tthc"), (unit, "ma_don_vi")):
            if not value:
                raise RowError("missing_value", f"thiếu {name}", f"{name} is missing")
            if len(value) > 64:
                raise RowError("too_long", f"{name} dài quá 64 ký tự", f"{name} is longer than 64 characters")
            if not value.isprintable():
                raise RowError("unprintable", f"{name} chứa ký tự không in được",
                               f"{name} has an unprintable character")
        if unit not in self.units:
            raise RowError("unknown_unit", f"không có đơn vị mã {unit} (nhập danh mục trước: sohoa import-units)",
                           f"unknown unit code {unit} (import the units first: sohoa import-units)")
        channel = _channel(channel)
        received = _moment(received, "ngay_tiep_nhan")
        if received is None:
            raise RowError("missing_value", "thiếu ngay_tiep_nhan", "ngay_tiep_nhan is missing")
        due = _moment(due, "ngay_hen_tra")
        finished = _moment(finished, "ngay_ket_thuc")
        if due is not None and due.date() < received.date():
            raise RowError("due_before_received", "ngày hẹn trả trước ngày tiếp nhận",
                           "ngay_hen_tra is before ngay_tiep_nhan")
        if finished is not None and finished < received:
            raise RowError("finished_before_received", "ngày kết thúc trước ngày tiếp nhận",
                           "ngay_ket_thuc is before ngay_tiep_nhan")
        paper = _flag(paper, "ket_qua_giay")
        if paper is None:  # not stated: what the catalogue says of the procedure, else paper (the common case)
            paper = self.paper_results.get(procedure, True)
        return Record(line, code, unit, procedure, channel, received, due, finished,
                      _flag(components, "so_hoa_thanh_phan") or False, paper, _flag(result, "so_hoa_ket_qua") or False,
                      _flag(reused, "tai_su_dung") or False)
