"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from storage.models import AttachmentStatus

# A due date is a working day of this era; far-off instants overflow the calendar arithmetic downstream.
DUE_YEARS = range(1990, 2201)


class DossierIn(BaseModel):
    unit_code: str = Field(min_length=1, max_length=64, examples=["000.17.22.H56"])
    procedure_code: str = Field(min_length=1, max_length=32, examples=["1.001193"])
    receipt_code: str | None = Field(None, max_length=64, examples=["000.17.22.H56-210531-0001"],
                                     description="only a code of the dossier's own unit; generated when absent")
    channel: int = Field(1, ge=1, le=3, description="1 trực tiếp / direct, 2 trực tuyến / online, 3 bưu chính")
    due_at: datetime | None = None

    @field_validator("due_at")
    @classmethod
    def _plausible_due_date(cls, due_at: datetime | None) -> datetime | None:
        if due_at is not None and due_at.year not in DUE_YEARS:
            raise ValueError(f"hạn trả kết quả phải trong các năm {DUE_YEARS.start}–{DUE_YEARS.stop - 1} / "
                             f"due_at must fall in the years {DUE_YEARS.start}–{DUE_YEARS.stop - 1}")
        return due_at


class AttachmentOut(BaseModel):
    id: int
    filename: str
    role: str = Field("component", description="component: one of the dossier's papers; result: its result")
    media_type: str
    size: int
    sha256: str
    pages: int | None
    status: AttachmentStatus
    error: str | None
    attempts: int
    job_id: str | None
    source: str | None
    confidence: float | None
    doc_type: str | None
    doc_type_confidence: float | None
    fields: dict
    problems: list
    corrections: list
    digitized: bool
    quality: list[dict] | None = Field(None, description="scan-quality issues; null until checked")
    parts: list = Field(default_factory=list, description="documents in the file: page range, type, fields, "
                        "stamps and signatures seen; several when papers were scanned into one file")
    signature: dict | None = Field(None, description=(
        "copy: the digitized copy's pdfa (PDF/A-2b claimed), state (signed / unsigned), signer, signed_at, "
        "timestamped, reason when unsigned, unit, checked_by / checked_at (the clerk the copy names as having "
        "checked it against the original); checked: the clerk's confirmation against the original (by, at); "
        "incoming: the uploaded PDF's own signatures (state, and per signature intact, signer, signed_at, trusted, "
        "modified_after_signing); null when none"))
    reused_from: int | None = Field(None, description="the earlier digitized paper this links (POST "
                                    "/dossiers/{id}/reuse): same objects, nothing scanned again; null otherwise")
    reused_from_receipt_code: str | None = Field(None, description="the receipt code of the dossier the linked "
                                                 "paper was digitized in; null when not a link")


class DossierOut(BaseModel):
    id: int
    receipt_code: str
    unit_code: str
    procedure_code: str
    channel: int
    received_at: datetime
    due_at: datetime | None
    finished_at: datetime | None
    status: str
    components_digitized: bool
    result_digitized: bool = False
    electronic_result: bool = False
    returned_at: datetime | None = None
    verdict: dict | None = Field(None, description="state (processing / incomplete / needs_review / complete), "
                                 "complete, missing, present, pending, unreadable, checks_made, inconsistencies, "
                                 "warnings, messages")
    attachments: list[AttachmentOut]
    removed: list[RemovedOut] = Field(default_factory=list, description="files a clerk took out of the dossier")


class RemovedOut(BaseModel):
    id: int
    filename: str
    role: str
    removed_at: datetime
    removed_by: str | None
    reason: str | None


class UploadedOut(BaseModel):
    attachment_id: int
    job_id: str
    filename: str
    media_type: str
    pages: int
    duplicate: bool
    status_url: str
    quality: list[dict] | None = Field(default_factory=list, description="scan-quality issues: code, page, vi, "
                                       "en, value")


class UploadOut(BaseModel):
    dossier_id: int
    attachments: list[UploadedOut]
