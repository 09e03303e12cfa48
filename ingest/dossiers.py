"""Open a dossier at the counter: the unit and procedure must exist, the receipt code must be well formed.

Automatic receipt numbers come from a counter per unit and Vietnam day (one row, bumped in the dossier's own
transaction), so concurrent counters get consecutive numbers; a number someone typed is skipped, never
waited on. A typed code must carry the dossier's own unit code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Executable, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import Rejected
from extract.catalogue import get_procedure, national_code
from storage.days import VN
from storage.models import Dossier, ReceiptCounter, Unit
from storage.units import unit_on

RECEIPT = re.compile(r"([0-9A-Z.]{3,40})-([0-9]{6})-([0-9]{4})")  # ASCII only, matched whole
LAST_NUMBER = 9999
CHANNELS = {1: "direct", 2: "online", 3: "postal"}


@dataclass(frozen=True)
class NewDossier:
    unit_code: str
    procedure_code: str
    receipt_code: str | None = None
    channel: int = 1
    due_at: datetime | None = None
    unit_name: str | None = None  # registers an unknown unit (command line only)


def open_dossier(session: Session, new: NewDossier, now: datetime | None = None) -> Dossier:
    now = now or datetime.now(UTC)
    if new.channel not in CHANNELS:
        raise Rejected("bad_channel", "Kênh tiếp nhận phải là 1, 2 hoặc 3", "channel must be 1, 2 or 3")
    procedure = get_procedure(new.procedure_code)
    if procedure is None:
        raise Rejected("unknown_procedure", f"Không có thủ tục mã {new.procedure_code}",
                       f"unknown procedure code {new.procedure_code}", status=404)
    today = now.astimezone(VN).date()
    unit = unit_on(session, new.unit_code, today)
    if unit is None:
        if not new.unit_name:
            raise Rejected("unknown_unit", f"Không có đơn vị mã {new.unit_code}",
                           f"unknown unit code {new.unit_code}", status=404)
        unit = Unit(code=new.unit_code, name=new.unit_name, level="xa", parent_code=None)
        session.add(unit)
        session.commit()  # the new unit stands whatever happens to the dossier
    code = typed_receipt_code(new.receipt_code, unit.code) if new.receipt_code is not None else None
    if code is not None and session.scalar(select(Dossier.id).where(Dossier.receipt_code == code)):
        raise duplicate(code)
    # An automatic number can only clash with a code typed or imported between its check and this commit;
    # the next try skips that number.
    for _ in range(3):
        dossier = Dossier(receipt_code=code or next_receipt_code(session, unit.code, today),
                          unit_code=unit.code, procedure_code=procedure.code, channel=new.channel,
                          received_at=now, due_at=new.due_at, result_paper=procedure.result_paper,
                          status="received", source="upload")
        session.add(dossier)
        try:
            session.commit()
            return dossier
        except IntegrityError:
            session.rollback()
            if code is not None:
                raise duplicate(code) from None
    raise Rejected("receipt_code_busy", "Không cấp được mã hồ sơ, thử lại", "could not allocate a receipt code",
                   status=503)


def resume_dossier(session: Session, new: NewDossier) -> Dossier | None:
    """The dossier a typed receipt code already names, to go on with it at the counter; None when the code is
    new (or none was typed). Another unit's code is refused before anything is looked up; the same code under
    another procedure is a conflict, with its reason."""
    if new.receipt_code is None:
        return None
    code = typed_receipt_code(new.receipt_code, new.unit_code)
    dossier = session.scalar(select(Dossier).where(Dossier.receipt_code == code))
    if dossier is None:
        return None
    if dossier.unit_code != new.unit_code:
        raise duplicate(code)
    if _national(dossier.procedure_code) != _national(new.procedure_code):
        raise Rejected("receipt_code_other_procedure",
                       f"Mã hồ sơ {code} đã được tiếp nhận cho thủ tục {dossier.procedure_code}, không phải "
                       f"{new.procedure_code}", f"receipt code {code} was opened for procedure "
                       f"{dossier.procedure_code}, not {new.procedure_code}", status=409)
    return dossier


def _national(code: str) -> str:
    """A local instance of a procedure (`2.000815.000.00.00.H55`) is that procedure."""
    return national_code(code) or code


def typed_receipt_code(raw: str, unit_code: str) -> str:
    """A code typed at the counter, NFKC-normalised (fullwidth digits are digits), in the strict national
    shape, of this unit. Another unit's code is refused before anything is looked up, so the answer does
    not tell whether it exists."""
    code = unicodedata.normalize("NFKC", raw)
    shape = RECEIPT.fullmatch(code)
    if shape is None or not _is_day(shape.group(2)):
        raise Rejected("bad_receipt_code", "Mã hồ sơ phải có dạng <mã cơ quan>-<yyMMdd>-<4 số>",
                       "receipt code must look like <agency code>-<yyMMdd>-<4 digits>")
    if shape.group(1) != unit_code:
        raise Rejected("receipt_code_of_another_unit", f"Mã hồ sơ phải bắt đầu bằng mã đơn vị {unit_code}",
                       f"the receipt code must begin with the unit code {unit_code}")
    return code


def _is_day(yymmdd: str) -> bool:
    try:
        datetime.strptime(yymmdd, "%y%m%d")
    except ValueError:
        return False
    return True


def duplicate(code: str) -> Rejected:
    return Rejected("duplicate_receipt_code", f"Mã hồ sơ {code} đã tồn tại", f"receipt code {code} already exists",
                    status=409)


_COUNTERS = ReceiptCounter.__table__


def _bump(insert) -> Executable:
    return (insert(_COUNTERS).values(unit_code=bindparam("unit_code"), day=bindparam("day"), issued=1)
            .on_conflict_do_update(index_elements=["unit_code", "day"], set_={"issued": _COUNTERS.c.issued + 1})
            .returning(_COUNTERS.c.issued))


# Insert the day's row at 1 or bump it, in one statement; the row stays locked until the dossier commits.
BUMP = {"postgresql": _bump(postgresql.insert), "sqlite": _bump(sqlite.insert)}
TAKEN = select(Dossier.id).where(Dossier.receipt_code == bindparam("code"))


def next_receipt_code(session: Session, unit_code: str, day: date) -> str:
    """The unit's next free number of the day; numbers already taken (typed, imported) are skipped."""
    bump = BUMP[session.get_bind().dialect.name]
    while True:
        number = session.execute(bump, {"unit_code": unit_code, "day": day}).scalar_one()
        if number > LAST_NUMBER:
            raise Rejected("receipt_numbers_used_up", f"Đơn vị đã dùng hết {LAST_NUMBER} số hồ sơ trong ngày",
                           f"the unit has used all {LAST_NUMBER} receipt numbers of the day", status=409)
        code = f"{unit_code}-{day:%y%m%d}-{number:04d}"
        if session.scalar(TAKEN, {"code": code}) is None:
            return code
