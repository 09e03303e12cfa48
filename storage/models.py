"""Database tables. The database is the source of truth for every dossier and attachment."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.days import vn_day


class Base(DeclarativeBase):
    pass


class AttachmentStatus(StrEnum):
    """Where an attachment is in its processing; stored as the plain string."""

    QUEUED = "queued"  # stored, waiting for a worker (or for reconcile, when enqueueing failed)
    PROCESSING = "processing"
    RETRYING = "retrying"  # an attempt failed; RQ runs it again
    DONE = "done"
    FAILED = "failed"  # every attempt failed; `error` says why


class Unit(Base):
    """An administrative unit over a validity period; a unit that moves in the tree gets a new row."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("code", "valid_from", name="uq_units_code_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(255))
    level: Mapped[str] = mapped_column(String(8))  # tinh / huyen / xa / so
    parent_code: Mapped[str | None] = mapped_column(String(64), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class Procedure(Base):
    __tablename__ = "procedures"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    result_paper: Mapped[bool] = mapped_column(default=True)
    components: Mapped[list] = mapped_column(JSON)


class Dossier(Base):
    """A dossier received at a unit, opened here (source "upload") or imported from the register ("register").

    procedure_code is not a foreign key: the one-stop register names procedures this catalogue does not
    describe, and they must still count. received_on / due_on / finished_on are the Vietnam days of the
    instants, kept by the ORM hooks below and by the register import; reports compare these days.
    """

    __tablename__ = "dossiers"
    # Every column the report query reads, led by the unit: SQLite answers a province-wide report from this index
    # alone (about 3x faster than through the table), PostgreSQL for a commune's report (index-only scan).
    __table_args__ = (
        Index("ix_dossiers_report", "unit_code", "received_on", "finished_on", "due_on", "channel",
              "components_digitized", "result_paper", "result_digitized", "reused"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_code: Mapped[str] = mapped_column(String(64), unique=True)
    unit_code: Mapped[str] = mapped_column(String(64))
    procedure_code: Mapped[str] = mapped_column(String(64))
    channel: Mapped[int] = mapped_column(Integer, default=1)  # 1 direct, 2 online, 3 postal
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # reports use received_on
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="received")
    source: Mapped[str] = mapped_column(String(16), default="upload")  # upload / register
    components_digitized: Mapped[bool] = mapped_column(default=False)
    result_paper: Mapped[bool] = mapped_column(default=True)
    result_digitized: Mapped[bool] = mapped_column(default=False)
    # 766 indicator 4.3: a component was filled from an earlier digitized paper (POST /dossiers/{id}/reuse, or
    # the register's tai_su_dung); once true it stays true.
    reused: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The result was handed back electronically (api.lifecycle's finish): it counts as digitized.
    electronic_result: Mapped[bool] = mapped_column(server_default=false())
    returned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # result handed to the citizen
    verdict: Mapped[dict | None] = mapped_column(JSON)
    # The verdict's state (processing / incomplete / needs_review / complete), kept beside it for filtering.
    verdict_state: Mapped[str | None] = mapped_column(String(16), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    finished_on: Mapped[date | None] = mapped_column(Date)

    # The files the dossier holds now; those a clerk removed (soft-deleted, kept for the record) are `removed`.
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="dossier", order_by="Attachment.id", cascade="all, delete-orphan",
        primaryjoin="and_(Dossier.id == Attachment.dossier_id, Attachment.removed_at.is_(None))",
    )
    removed: Mapped[list[Attachment]] = relationship(
        order_by="Attachment.id", viewonly=True,
        primaryjoin="and_(Dossier.id == Attachment.dossier_id, Attachment.removed_at.is_not(None))",
    )


KEPT = "removed_at IS NULL"


class Attachment(Base):
    __tablename__ = "attachments"
    # The same bytes once per dossier among the files it holds: a removed file may come back as a new row.
    __table_args__ = (Index("uq_attachments_dossier_sha_kept", "dossier_id", "sha256", unique=True,
                            sqlite_where=text(KEPT), postgresql_where=text(KEPT)),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(64))
    object_key: Mapped[str] = mapped_column(String(512))
    digitized_key: Mapped[str | None] = mapped_column(String(512))
    pages: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=AttachmentStatus.QUEUED, index=True)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str | None] = mapped_column(String(16))  # text-layer / ocr
    ocr_text: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    corrections: Mapped[list | None] = mapped_column(JSON)  # [{by, at, target, old, new}], newest last
    # Documents in the file, in page order: [{first_page, last_page, doc_type, doc_type_confidence, fields,
    # problems, evidence, inspected}], the first with the corrections applied (`workers.records`).
    parts: Mapped[list | None] = mapped_column(JSON)
    ocr_seconds: Mapped[float | None] = mapped_column(Float)  # processing time of the last successful run
    # Scan-quality issues (ocr.quality): [] for a good scan, None until checked (the upload checks; the
    # worker checks rows stored without it).
    quality: Mapped[list | None] = mapped_column(JSON)
    # Signatures (workers.archive): {"copy": the digitized copy's {pdfa, state, signer, signed_at, timestamped,
    # reason, unit, checked_by, checked_at} or None, "incoming": the uploaded PDF's own signature report or None,
    # "checked": the clerk's check against the original {by, at} (api.originals), when made}; None when none.
    signature: Mapped[dict | None] = mapped_column(JSON)
    # A link to an earlier digitized paper of another dossier (reuse): same objects and parts, nothing copied.
    reused_from: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), server_default="component")  # component / result
    # A clerk's removal (api.lifecycle): the row and its objects stay for the record, out of the dossier.
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    removed_by: Mapped[str | None] = mapped_column(String(64))
    removed_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    dossier: Mapped[Dossier] = relationship(back_populates="attachments")
    # The earlier paper a reused attachment links (its dossier's receipt code is shown beside the link).
    origin: Mapped[Attachment | None] = relationship(remote_side=[id], viewonly=True)

    @property
    def digitized(self) -> bool:
        return is_digitized(self.digitized_key, self.source)


def is_digitized(digitized_key: str | None, source: str | None) -> bool:
    """An attachment is digitized when its digitized copy is stored or it is born digital (a text layer):
    the one rule the dossier view and the archive audit share."""
    return digitized_key is not None or source == "text-layer"


class CitizenPaper(Base):
    """A digitized paper indexed under the person it is about, for reuse in later dossiers (api.papers).
    The person is a keyed hash of their 12-digit ID number (core.privacy.id_key), never the number itself."""

    __tablename__ = "citizen_papers"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), index=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"), index=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    unit_code: Mapped[str] = mapped_column(String(64))
    doc_type: Mapped[str] = mapped_column(String(48))
    fields: Mapped[dict] = mapped_column(JSON)  # a few of the paper's values (name, dates), no ID numbers
    valid_until: Mapped[date | None] = mapped_column(Date)  # None: valid without end


class PageText(Base):
    """The text read on one page of an attachment, as stored (NFC): what a search finds and shows
    (storage.search indexes it)."""

    __tablename__ = "page_texts"
    __table_args__ = (UniqueConstraint("attachment_id", "page", name="uq_page_texts_attachment_page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id", ondelete="CASCADE"))
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    page: Mapped[int] = mapped_column(Integer)  # 1-based
    text: Mapped[str] = mapped_column(Text)


class SearchDocument(Base):
    """A dossier's people for search: the names and ID numbers read in its attachments, one per line."""

    __tablename__ = "search_documents"

    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)


class ReceiptCounter(Base):
    """The last automatic receipt number given to a unit on a Vietnam day (ingest.dossiers.next_receipt_code)."""

    __tablename__ = "receipt_counters"

    unit_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    issued: Mapped[int] = mapped_column(Integer)


@event.listens_for(Dossier, "before_insert")
@event.listens_for(Dossier, "before_update")
def _vietnam_days(_mapper, _connection, dossier: Dossier) -> None:
    dossier.received_on = vn_day(dossier.received_at)
    dossier.due_on = vn_day(dossier.due_at)
    dossier.finished_on = vn_day(dossier.finished_at)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(16))  # clerk / leader / auditor / admin
    unit_code: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ApiToken(Base):
    """Only the SHA-256 of a token is kept: the token itself is shown once, when it is made."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(default=False)


class AuditEntry(Base):
    """Who viewed, downloaded, changed or exported what. Never holds ID numbers in clear."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))  # view / download / create / upload / export / report
    target: Mapped[str] = mapped_column(String(128))  # e.g. dossier:12, attachment:40, report:000.00.00.H56
    unit_code: Mapped[str | None] = mapped_column(String(64), index=True)
    detail: Mapped[dict | None] = mapped_column(JSON)
