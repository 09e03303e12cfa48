"""SQLite: FTS5 tables over text folded here (core.vntext) — the pages' words (unicode61) and the dossiers'
people as trigrams, so any part of a name or an ID number matches. Rows leave the FTS tables by triggers
(storage/migrations 0012), so a cascade or a removal leaves no words behind."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Integer, column, text

from core.vntext import fold
from storage.models import PageText, SearchDocument
from storage.search.terms import Terms, fold_lines

PAGES = "page_texts_fts"
DOCUMENTS = "search_documents_fts"
# (table, tokenizer, the indexed table, its key): created and dropped by the migration.
TABLES = ((PAGES, "unicode61", "page_texts", "id"), (DOCUMENTS, "trigram", "search_documents", "dossier_id"))


def create_statements() -> list[str]:
    out = []
    for table, tokenizer, indexed, key in TABLES:
        out.append(f"CREATE VIRTUAL TABLE {table} USING fts5(body, tokenize='{tokenizer}')")
        out.append(f"CREATE TRIGGER {table}_gone AFTER DELETE ON {indexed} BEGIN "
                   f"DELETE FROM {table} WHERE rowid = old.{key}; END")
    return out


def drop_statements() -> list[str]:
    return [s for table, *_ in TABLES
            for s in (f"DROP TRIGGER IF EXISTS {table}_gone", f"DROP TABLE IF EXISTS {table}")]


class Sqlite:
    def pages_match(self, terms: Terms) -> ColumnElement[bool]:
        ids = text(f"SELECT rowid FROM {PAGES} WHERE {PAGES} MATCH :pages_phrase")
        return PageText.id.in_(ids.bindparams(pages_phrase=f'"{terms.phrase}"').columns(column("rowid", Integer)))

    def document_match(self, terms: Terms) -> ColumnElement[bool]:
        ids = text(f"SELECT rowid FROM {DOCUMENTS} WHERE body LIKE :document_part")
        return SearchDocument.dossier_id.in_(
            ids.bindparams(document_part=f"%{terms.phrase}%").columns(column("rowid", Integer)))

    def add_pages(self, db, rows: Sequence[tuple[int, str]]) -> None:
        db.execute(text(f"INSERT INTO {PAGES}(rowid, body) VALUES (:id, :body)"),
                   [{"id": row_id, "body": fold(body)} for row_id, body in rows])

    def add_document(self, db, dossier_id: int, body: str) -> None:
        db.execute(text(f"INSERT INTO {DOCUMENTS}(rowid, body) VALUES (:id, :body)"),
                   {"id": dossier_id, "body": fold_lines(body)})
