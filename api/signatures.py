"""POST /verify: anyone holding a copy learns whether it is intact and who signed it. Only the signature
report is returned — nothing of the document's content — and nothing is stored."""

from __future__ import annotations

import anyio.to_thread
from fastapi import APIRouter, File, UploadFile

from api.deps import Svc
from core.errors import Rejected
from signing import load_roots, signature_roots, verify

router = APIRouter()


@router.post("/verify", tags=["signatures"])
async def verify_copy(services: Svc, file: UploadFile = File(..., description="A PDF copy")) -> dict:
    """Each signature: intact, signer, signing time, trusted (against the configured roots), modified after
    signing; `state` sums them up (valid, untrusted, modified, invalid, unsigned)."""
    data = await file.read()
    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise Rejected("not_pdf", "Tệp gửi lên không phải PDF", "the file is not a PDF", status=415)
    roots = load_roots(signature_roots(services.settings))
    report = await anyio.to_thread.run_sync(verify, data, roots)  # validation is CPU work: off the event loop
    if report.state == "unreadable":
        raise Rejected("unreadable_pdf", "Không đọc được tệp PDF", "the PDF cannot be read", status=422)
    return report.as_dict()
