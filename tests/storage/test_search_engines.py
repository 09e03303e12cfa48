"""storage.search on both databases: any spelling of a stored name finds it (tone marks, their placement, case,
NFC/NFD), unaccented text is found by an accented query, and the migration that brings search fills it from the
attachments already read, and goes down and up again."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.settings import Settings
from core.vntext import MARK, fold_char, nfc, split_tone
from storage import search
from storage.db import make_engine, migrate, session_factory
from storage.models import Attachment, Dossier
from tests.storage.migrations import revision_doing, run

UNIT = "000.17.22.H56"
NAMES = ["Nguyễn Thị Hoà", "Trần Thuỷ Tiên", "Đặng Quốc Huy", "Phạm Ngọc Ánh", "Võ Đức Thắng", "Huỳnh Thị Ngoãn",
         "Bùi Khánh Hưng", "Lưu Ý Nhi"]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/s.db"
    return Settings(database_url=request.getfixturevalue("postgres_url")).database_url


@pytest.fixture
def stored(url):
    """A dossier per name: the name read in a field, and printed on the attachment's one page."""
    engine = make_engine(url)
    migrate(engine)
    sessions = session_factory(engine)
    with sessions() as session:
        ids = [add_dossier(session, n, {"ho_ten": name}, f"Họ và tên: {name}\nNgày sinh: 01/02/1990")
               for n, name in enumerate(NAMES, start=1)]
        session.commit()
    yield sessions, dict(zip(NAMES, ids, strict=True))
    engine.dispose()


def add_dossier(session, n: int, fields: dict[str, str], page: str) -> int:
    dossier = Dossier(receipt_code=f"{UNIT}-250801-{n:04d}", unit_code=UNIT, procedure_code="1.001193",
                      received_at=datetime(2025, 8, 1, tzinfo=UTC))
    session.add(dossier)
    session.flush()
    parts = [{"first_page": 1, "last_page": 1, "fields": {k: {"value": v} for k, v in fields.items()}}]
    att = Attachment(dossier_id=dossier.id, filename="a.pdf", sha256=f"{n:064d}", size=1, media_type="application/pdf",
                     object_key=f"k/{n}", status="done", parts=parts)
    session.add(att)
    session.flush()
    search.replace_pages(session, att.id, dossier.id, [(1, page)])
    search.replace_document(session, dossier.id, [parts])
    return dossier.id


@st.composite
def spelled(draw, name: str) -> str:
    """The name as someone may type it: the tone on any vowel of a word, any letter's case, some marks left
    off, composed or decomposed."""
    words = []
    for word in name.split():
        letters, tone = split_tone(word)
        vowels = [i for i, c in enumerate(letters) if fold_char(c) in "aeiouy"]
        if tone and draw(st.booleans()):
            at = draw(st.sampled_from(vowels))
            word = nfc(letters[: at + 1] + MARK[tone] + letters[at + 1 :])
        words.append("".join(draw(st.sampled_from([c, c.upper(), c.lower(), fold_char(c)])) for c in word))
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), " ".join(words))


def hits(session, query: str, units=None) -> set[tuple]:
    found, total = search.search(session, search.parse(query), units, 100)
    assert total == len(found)
    return {(h.dossier_id, h.matched, h.page) for h in found}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None, max_examples=40)
@given(data=st.data())
def test_any_spelling_of_a_stored_name_finds_it(stored, data):
    sessions, ids = stored
    name = data.draw(st.sampled_from(NAMES))
    typed = data.draw(spelled(name))
    with sessions() as session:
        found = hits(session, typed)
    assert {(ids[name], "people", None), (ids[name], "text", 1)} <= found, typed
    assert {h[0] for h in found} == {ids[name]}  # and no other name


def test_text_read_without_marks_is_found_by_a_query_with_them(stored):
    sessions, _ = stored
    with sessions() as session:
        plain = add_dossier(session, 99, {"ho_ten": "NGUYEN VAN AN", "so_cccd": "040300481110"},
                            "Ho va ten: NGUYEN VAN AN\nSo CCCD: 040300481110")
        session.commit()
        assert hits(session, "Nguyễn Văn An") == {(plain, "people", None), (plain, "text", 1)}
        assert hits(session, "481110") == {(plain, "people", None)}
        assert hits(session, "481110", units=["000.17.23.H56"]) == set()  # the scope is the caller's
        found, _ = search.search(session, search.parse("ngày sinh 01/02/1990"), None, 3)
        assert len(found) == 3  # "01/02/1990" is the words 01, 02, 1990 on both databases
        assert found[0].snippet.startswith("Họ và tên: ") and "Ngày sinh: 01/02/1990" in found[0].snippet


def test_the_migration_fills_search_from_what_was_read_and_goes_down_and_up(url):
    engine = make_engine(url)
    revision, before = revision_doing("search:")
    run(engine, command.upgrade, before)
    dossiers = sa.table("dossiers", *(sa.column(c) for c in (
        "id", "receipt_code", "unit_code", "procedure_code", "channel", "received_at", "status", "source",
        "components_digitized", "result_paper", "result_digitized", "received_on")))
    attachments = sa.table("attachments", sa.column("id"), sa.column("dossier_id"), sa.column("filename"),
                           sa.column("sha256"), sa.column("size"), sa.column("media_type"), sa.column("object_key"),
                           sa.column("status"), sa.column("attempts"), sa.column("ocr_text"),
                           sa.column("parts", sa.JSON))
    with engine.begin() as conn:
        conn.execute(sa.insert(dossiers).values(
            id=1, receipt_code=f"{UNIT}-250801-0001", unit_code=UNIT, procedure_code="1.001193", channel=1,
            received_at=datetime(2025, 8, 1, tzinfo=UTC), status="received", source="upload",
            components_digitized=False, result_paper=True, result_digitized=False, received_on=date(2025, 8, 1)))
        conn.execute(sa.insert(attachments).values(
            id=1, dossier_id=1, filename="a.pdf", sha256="0" * 64, size=1, media_type="application/pdf",
            object_key="k", status="done", attempts=1,
            ocr_text="TỜ KHAI ĐĂNG KÝ KHAI SINH\n\f\nHọ và tên: NGUYỄN MINH VINH\nSố: 087076805552",
            parts=[{"first_page": 2, "last_page": 2,
                    "fields": {"ho_ten": {"value": "NGUYỄN MINH VINH"}, "so_cccd": {"value": "087076805552"}}}]))
    run(engine, command.upgrade, revision)
    with engine.connect() as conn:
        pages = conn.execute(sa.text("SELECT page, text FROM page_texts ORDER BY page")).all()
        assert [tuple(p) for p in pages] == [(1, "TỜ KHAI ĐĂNG KÝ KHAI SINH"),
                                             (2, "Họ và tên: NGUYỄN MINH VINH\nSố: 087076805552")]
        assert hits(conn, "nguyen minh vinh") == {(1, "people", None), (1, "text", 2)}
        assert hits(conn, "805552") == {(1, "people", None)}
        assert hits(conn, "dang ky khai sinh") == {(1, "text", 1)}
    run(engine, command.downgrade, before)
    names = set(sa.inspect(engine).get_table_names())
    assert not {"page_texts", "search_documents", "page_texts_fts", "search_documents_fts"} & names
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            assert conn.execute(sa.text("SELECT count(*) FROM pg_proc WHERE proname = 'sohoa_fold'")).scalar() == 0
        else:
            assert conn.execute(sa.text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).scalar() == 0
    run(engine, command.upgrade, revision)  # and up again, filled again
    with engine.connect() as conn:
        assert hits(conn, "nguyen minh vinh") == {(1, "people", None), (1, "text", 2)}
    engine.dispose()
