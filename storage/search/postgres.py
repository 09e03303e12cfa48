"""PostgreSQL: trigrams over the dossiers' people on sohoa_fold(text) = lower(unaccent(text)), and full-text
search ('simple' configuration) over the pages on sohoa_words(text), the same with every run of characters
but letters and digits made one space, so a page splits into the words a query does (storage.search.terms) and
not as the parser would split "01/02/1990". Both are immutable functions the migration defines so GIN indexes
can hold them. Nothing to write besides the rows: the indexes follow them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, literal_column

from storage.models import PageText, SearchDocument
from storage.search.terms import Terms

SIMPLE = literal_column("'simple'::regconfig")


def create_statements(unaccent_schema: str, trgm_schema: str) -> list[str]:
    """After CREATE EXTENSION unaccent and pg_trgm (their schemas named, as an index's function must not
    depend on the search path)."""
    folded = f"lower({unaccent_schema}.unaccent('{unaccent_schema}.unaccent'::regdictionary, $1))"
    function = "CREATE OR REPLACE FUNCTION {}(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE " \
               "AS $$ {} $$"
    return [
        function.format("sohoa_fold", f"SELECT {folded}"),
        function.format("sohoa_words", f"SELECT regexp_replace({folded}, '[^[:alnum:]]+', ' ', 'g')"),
        "CREATE INDEX ix_page_texts_words ON page_texts USING gin "
        "(to_tsvector('simple'::regconfig, sohoa_words(text)))",
        f"CREATE INDEX ix_search_documents_trigrams ON search_documents USING gin (sohoa_fold(text) "
        f"{trgm_schema}.gin_trgm_ops)",
        f"CREATE INDEX ix_dossiers_receipt_trigrams ON dossiers USING gin (lower(receipt_code) "
        f"{trgm_schema}.gin_trgm_ops)",
    ]


def drop_statements() -> list[str]:
    """The extensions stay: objects made since may use them."""
    return ["DROP INDEX IF EXISTS ix_dossiers_receipt_trigrams", "DROP INDEX IF EXISTS ix_search_documents_trigrams",
            "DROP INDEX IF EXISTS ix_page_texts_words", "DROP FUNCTION IF EXISTS sohoa_words(text)",
            "DROP FUNCTION IF EXISTS sohoa_fold(text)"]


class Postgres:
    def pages_match(self, terms: Terms) -> ColumnElement[bool]:
        words = func.to_tsvector(SIMPLE, func.sohoa_words(PageText.text))
        return words.op("@@")(func.phraseto_tsquery(SIMPLE, terms.phrase))

    def document_match(self, terms: Terms) -> ColumnElement[bool]:
        return func.sohoa_fold(SearchDocument.text).like(f"%{terms.phrase}%")

    def add_pages(self, db, rows: Sequence[tuple[int, str]]) -> None:
        pass

    def add_document(self, db, dossier_id: int, body: str) -> None:
        pass
