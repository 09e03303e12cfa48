"""The procedure catalogue (`data/procedures.json`): which papers each administrative procedure needs."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from extract.types import Procedure

DATA = Path(__file__).with_name("data") / "procedures.json"
_NATIONAL = re.compile(r"\d\.\d{6}(?!\d)")


@lru_cache(maxsize=1)
def load_procedures() -> dict[str, Procedure]:
    """National procedure code (`1.001193`) → procedure, read once per process."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return {p["code"]: Procedure.model_validate(p) for p in raw}


def national_code(code: str) -> str | None:
    """`2.000815.000.00.00.H55` (a local instance) → `2.000815`; None when `code` has no national part."""
    m = _NATIONAL.match(code.strip())
    return m.group() if m else None


def get_procedure(code: str) -> Procedure | None:
    national = national_code(code)
    return load_procedures().get(national) if national else None


def needs_original_check(procedure_code: str, doc_type: str | None) -> bool:
    """Whether a copy of a `doc_type` document filed under this procedure waits for the clerk's check against
    the original: a component it fits requires it, or it fits none and every component does."""
    procedure = get_procedure(procedure_code)
    if procedure is None:
        return False
    fitting = [c for c in procedure.components if doc_type in c.types]
    if fitting:
        return any(c.check_original for c in fitting)
    return all(c.check_original for c in procedure.components)
