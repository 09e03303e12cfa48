"""Receipt numbers: a counter per unit and day that concurrent counters, typed codes and other units' clerks
cannot block, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.app import create_app
from core.errors import Rejected
from core.settings import Settings
from ingest.dossiers import NewDossier, open_dossier
from sohoa.services import build
from storage.days import vn_today
from storage.models import Dossier
from tests.conftest import token_for

UNIT, OTHER = "000.17.22.H56", "000.17.23.H56"
PROCEDURE = "1.001193"


@pytest.fixture(params=["sqlite", "postgresql"])
def services(request, tmp_path):
    if request.param == "sqlite":
        yield request.getfixturevalue("embedded")
        return
    url = request.getfixturevalue("postgres_url")
    services = build(Settings(data_dir=tmp_path / "pg", database_url=url))
    yield services
    services.engine.dispose()


def today_code(unit: str, number: int) -> str:
    return f"{unit}-{vn_today():%y%m%d}-{number:04d}"


def open_at_once(services, requests: list[NewDossier]) -> list[str | Rejected]:
    """Each request in its own thread and session, all released together."""
    start, results = threading.Barrier(len(requests)), [None] * len(requests)

    def run(i: int, new: NewDossier) -> None:
        start.wait()
        try:
            with services.sessions() as session:
                results[i] = open_dossier(session, new).receipt_code
        except Rejected as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_counters_get_consecutive_numbers(services):
    requests = [NewDossier(UNIT if i % 3 else OTHER, PROCEDURE) for i in range(24)]
    results = open_at_once(services, requests)
    assert not [r for r in results if isinstance(r, Rejected)]  # no 503 receipt_code_busy, nothing refused
    ours = sorted(r for r in results if r.startswith(UNIT))
    theirs = sorted(r for r in results if r.startswith(OTHER))
    assert ours == [today_code(UNIT, n) for n in range(1, 17)]
    assert theirs == [today_code(OTHER, n) for n in range(1, 9)]


def test_codes_typed_among_concurrent_counters_are_skipped_not_waited_on(services):
    typed = [today_code(UNIT, 2), today_code(UNIT, 5)]
    requests = [NewDossier(UNIT, PROCEDURE, receipt_code=c) for c in typed]
    requests += [NewDossier(UNIT, PROCEDURE) for _ in range(10)]
    results = open_at_once(services, requests)
    typed_results, automatic = results[:2], results[2:]
    assert not [r for r in automatic if isinstance(r, Rejected)]  # every automatic number was given
    # A typed code wins, or an automatic number got there first and the typist hears it is taken.
    kept = [r for r in typed_results if not isinstance(r, Rejected)]
    assert all(r.code == "duplicate_receipt_code" for r in typed_results if isinstance(r, Rejected))
    assert sorted(automatic + kept) == [today_code(UNIT, n) for n in range(1, 11 + len(kept))]


def test_a_code_typed_out_of_sequence_does_not_block_the_next_number(embedded):
    with embedded.sessions() as session:
        typed = open_dossier(session, NewDossier(UNIT, PROCEDURE, receipt_code=today_code(UNIT, 3)))
        assert typed.receipt_code == today_code(UNIT, 3)
        numbers = [open_dossier(session, NewDossier(UNIT, PROCEDURE)).receipt_code for _ in range(4)]
    assert numbers == [today_code(UNIT, n) for n in (1, 2, 4, 5)]


def test_an_imported_code_of_today_is_skipped(embedded):
    with embedded.sessions() as session:  # the one-stop register holds today's 0001 of the unit
        session.add(Dossier(receipt_code=today_code(UNIT, 1), unit_code=UNIT, procedure_code=PROCEDURE,
                            received_at=datetime.now(UTC), source="register"))
        session.commit()
        assert open_dossier(session, NewDossier(UNIT, PROCEDURE)).receipt_code == today_code(UNIT, 2)


def test_a_clerk_cannot_take_another_units_numbers_nor_learn_which_exist(embedded):
    app = create_app(embedded)
    ours = TestClient(app, headers=token_for(embedded, "clerk", UNIT))
    theirs = TestClient(app, headers=token_for(embedded, "clerk", OTHER))
    existing = theirs.post("/dossiers", json={"unit_code": OTHER, "procedure_code": PROCEDURE}).json()
    assert existing["receipt_code"] == today_code(OTHER, 1)

    answers = [ours.post("/dossiers", json={"unit_code": UNIT, "procedure_code": PROCEDURE, "receipt_code": code})
               for code in (today_code(OTHER, 1), today_code(OTHER, 3))]  # one exists, one does not
    assert [a.status_code for a in answers] == [422, 422]
    assert answers[0].json() == answers[1].json()
    assert answers[0].json()["error"]["code"] == "receipt_code_of_another_unit"
    # Nor under the other unit's name (403 before the code is looked at).
    foreign = ours.post("/dossiers", json={"unit_code": OTHER, "procedure_code": PROCEDURE,
                                           "receipt_code": today_code(OTHER, 3)})
    assert foreign.status_code == 403

    numbers = [theirs.post("/dossiers", json={"unit_code": OTHER, "procedure_code": PROCEDURE}) for _ in range(3)]
    assert [n.status_code for n in numbers] == [201, 201, 201]
    assert [n.json()["receipt_code"] for n in numbers] == [today_code(OTHER, n) for n in (2, 3, 4)]


@pytest.mark.parametrize("look_alike", [
    "{code}\n", " {code}", "{code} ", "{fullwidth}", "{code}\u200b", "{arabic}",
])
def test_a_look_alike_code_is_never_a_second_dossier(embedded, look_alike):
    code = f"{UNIT}-210531-0001"
    fullwidth = code.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    arabic = code[:-4] + "٠٠٠١"
    client = TestClient(create_app(embedded), headers=token_for(embedded, "clerk", UNIT))
    assert client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": PROCEDURE,
                                          "receipt_code": code}).status_code == 201
    response = client.post("/dossiers", json={"unit_code": UNIT, "procedure_code": PROCEDURE,
                                              "receipt_code": look_alike.format(code=code, fullwidth=fullwidth,
                                                                                arabic=arabic)})
    if response.status_code == 200:  # read as the same code (fullwidth digits): that dossier, resumed
        assert response.json()["receipt_code"] == code
    else:
        assert response.status_code in (409, 422)
        assert response.json()["error"]["code"] in ("duplicate_receipt_code", "bad_receipt_code")
    with embedded.sessions() as session:
        assert session.scalars(select(Dossier.receipt_code)).all() == [code]


def test_a_fullwidth_code_is_read_as_its_digits(embedded):
    fullwidth = f"{UNIT}-２１０５３１-０００７"
    with embedded.sessions() as session:
        dossier = open_dossier(session, NewDossier(UNIT, PROCEDURE, receipt_code=fullwidth))
    assert dossier.receipt_code == f"{UNIT}-210531-0007"


@pytest.mark.parametrize("code", [f"{UNIT}-211332-0001", f"{UNIT}-2105310-0001", f"{UNIT}-210531-001"])
def test_a_code_with_no_real_day_or_wrong_widths_is_refused(embedded, code):
    with embedded.sessions() as session, pytest.raises(Rejected) as refused:
        open_dossier(session, NewDossier(UNIT, PROCEDURE, receipt_code=code))
    assert refused.value.code == "bad_receipt_code"
