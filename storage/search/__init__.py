"""Search over dossiers, one interface for both databases: receipt codes, the people named in a dossier (names
and ID numbers read in its attachments) and the text of every page, tone- and case-insensitive. The engines
(`sqlite`, `postgres`) only say how their index matches; the rows, the scope and the snippets are here.

`db` is a Session or a Connection (the migration backfills through the same functions)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Integer, Select, String, cast, delete, func, insert, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from core.vntext import nfc
from storage.models import Dossier, PageText, SearchDocument
from storage.search.postgres import Postgres
from storage.search.sqlite import Sqlite
from storage.search.terms import Terms, document_of, escape_like, matching_line, parse, snippet

__all__ = ["Hit", "Terms", "document_of", "escape_like", "matching_dossiers", "pages_of", "parse", "replace_document",
           "replace_pages", "search"]

_pages, _documents = PageText.__table__, SearchDocument.__table__
# Where a query matched: the receipt code, the people read in the attachments, the text of a page.
RECEIPT, PEOPLE, TEXT = "receipt_code", "people", "text"


@dataclass(frozen=True)
class Hit:
    dossier_id: int
    receipt_code: str
    matched: str  # RECEIPT, PEOPLE or TEXT
    attachment_id: int | None  # with the page, for a match in the text of a page
    page: int | None
    snippet: str


def engine_of(db) -> Sqlite | Postgres:
    dialect = (db.get_bind() if isinstance(db, Session) else db).dialect.name
    return Postgres() if dialect == "postgresql" else Sqlite()


def replace_pages(db, attachment_id: int, dossier_id: int, pages: Sequence[tuple[int, str]]) -> None:
    """An attachment's pages (number, text) as read this time, instead of any read before."""
    db.execute(delete(_pages).where(_pages.c.attachment_id == attachment_id))
    if not pages:
        return
    db.execute(insert(_pages), [{"attachment_id": attachment_id, "dossier_id": dossier_id, "page": number,
                                 "text": nfc(body)} for number, body in pages])
    stored = db.execute(select(_pages.c.id, _pages.c.text).where(_pages.c.attachment_id == attachment_id)).all()
    engine_of(db).add_pages(db, [tuple(row) for row in stored])


def replace_document(db, dossier_id: int, parts_lists: Iterable[list[dict] | None]) -> None:
    """The dossier's people from its attachments' stored `parts`."""
    body = document_of(parts_lists)
    db.execute(delete(_documents).where(_documents.c.dossier_id == dossier_id))
    if body:
        db.execute(insert(_documents), {"dossier_id": dossier_id, "text": body})
        engine_of(db).add_document(db, dossier_id, body)


def pages_of(db, attachment_id: int) -> list[tuple[int, str]]:
    return [tuple(r) for r in db.execute(select(_pages.c.page, _pages.c.text)
                                         .where(_pages.c.attachment_id == attachment_id).order_by(_pages.c.page))]


def _row(matched: str, attachment_id, page, body) -> tuple:
    return (literal_column(f"'{matched}'", String).label("matched"), Dossier.id.label("dossier_id"),
            Dossier.receipt_code.label("receipt_code"), attachment_id.label("attachment_id"), page.label("page"),
            body.label("text"))


def _sources(db, terms: Terms) -> list[Select]:
    """What matched, each as (matched, dossier_id, receipt_code, attachment_id, page, text)."""
    engine, none = engine_of(db), cast(null(), Integer)
    receipt = escape_like(terms.receipt)
    return [
        select(*_row(RECEIPT, none, none, Dossier.receipt_code))
        .where(func.lower(Dossier.receipt_code).like(f"%{receipt}%", escape="\\")),
        select(*_row(PEOPLE, none, none, SearchDocument.text))
        .join(SearchDocument, SearchDocument.dossier_id == Dossier.id).where(engine.document_match(terms)),
        select(*_row(TEXT, PageText.attachment_id, PageText.page, PageText.text))
        .join(PageText, PageText.dossier_id == Dossier.id).where(engine.pages_match(terms)),
    ]


def matching_dossiers(db, terms: Terms) -> Select:
    """The ids of the dossiers the query finds (for a list's filter; the list applies the scope)."""
    found = union_all(*(source.with_only_columns(Dossier.id) for source in _sources(db, terms))).subquery()
    return select(found.c[0])


def search(db, terms: Terms, units: Collection[str] | None, limit: int) -> tuple[list[Hit], int]:
    """The first `limit` matches in the units (None: every unit), newest dossier first, and how many there are."""
    sources = _sources(db, terms)
    if units is not None:
        sources = [s.where(Dossier.unit_code.in_(units)) for s in sources]
    found = union_all(*sources).subquery()
    dossier_id, attachment_id, page = found.c.dossier_id, found.c.attachment_id, found.c.page
    total = db.execute(select(func.count()).select_from(found)).scalar_one()
    rows = db.execute(select(found).order_by(dossier_id.desc(), attachment_id.asc().nulls_first(),
                                             page.asc().nulls_first()).limit(limit)).all()
    return [Hit(r.dossier_id, r.receipt_code, r.matched, r.attachment_id, r.page, _shown(r.matched, r.text, terms))
            for r in rows], total


def _shown(matched: str, body: str, terms: Terms) -> str:
    if matched == RECEIPT:
        return body  # a receipt code is no ID number, though it may look like one
    return snippet(matching_line(body, terms) if matched == PEOPLE else body, terms)
