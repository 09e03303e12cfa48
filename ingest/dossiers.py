"""Open a dossier at the counter: the unit and procedure must exist, the receipt code must be well formed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.errors import Rejected
from extract.catalogue import get_procedure
from storage.days import VN
from storage.models import Dossier, Unit
from storage.units import unit_on

RECEIPT = re.compile(r"^[0-9A-Z.]{3,40}-\d{6}-\d{4}$")
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
    if new.receipt_code is not None:
        if not RECEIPT.match(new.receipt_code):
            raise Rejected("bad_receipt_code", "Mã hồ sơ phải có dạng <mã cơ quan>-<yyMMdd>-<4 số>",
                           "receipt code must look like <agency code>-<yyMMdd>-<4 digits>")
        if session.scalar(select(Dossier.id).where(Dossier.receipt_code == new.receipt_code)):
            raise Rejected("duplicate_receipt_code", f"Mã hồ sơ {new.receipt_code} đã tồn tại",
                           f"receipt code {new.receipt_code} already exists", status=409)
    for _ in range(5):  # two counters may draw the same sequence number; the unique key decides
        dossier = Dossier(receipt_code=new.receipt_code or next_receipt_code(session, unit.code, today),
                          unit_code=unit.code, procedure_code=procedure.code, channel=new.channel,
                          received_at=now, due_at=new.due_at, result_paper=procedure.result_paper,
                          status="received", source="upload")
        session.add(dossier)
        try:
            session.commit()
            return dossier
        except IntegrityError:
            session.rollback()
            if new.receipt_code:
                raise
    raise Rejected("receipt_code_busy", "Không cấp được mã hồ sơ, thử lại", "could not allocate a receipt code",
                   status=503)


def next_receipt_code(session: Session, unit_code: str, day: date) -> str:
    prefix = f"{unit_code}-{day:%y%m%d}-"
    taken = session.scalar(select(func.count()).where(Dossier.receipt_code.startswith(prefix))) or 0
    return f"{prefix}{taken + 1:04d}"
