"""Indicators computed by hand from a small register, checked exactly, on SQLite and PostgreSQL.

Every row says why it counts where it does. The period is September 2025 unless a test says otherwise.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from ingest.dossiers import NewDossier, open_dossier
from reports import digitization_report
from storage.models import Dossier
from tests.reports.conftest import D17, P, S, X, Y, Z, csv_bytes, load

SEP = (date(2025, 9, 1), date(2025, 9, 30))
# ma_ho_so, ma_tthc, ma_don_vi, kenh, ngay_tiep_nhan, ngay_hen_tra, ngay_ket_thuc, so_hoa_tp, kq_giay, so_hoa_kq
REGISTER = [
    # commune X, under the province since 2025-07-01
    ["X-01", "1.001193", X, 1, "2025-08-20", "2025-09-05", "2025-09-03", 1, 1, 1],  # carried; before; digitized
    # carried; open, overdue; digitized (no result yet)
    ["X-02", "1.001193", X, 2, "2025-08-25", "2025-09-10", "", 1, 1, 0],
    ["X-03", "1.001193", X, 1, "2025-08-01", "2025-08-30", "2025-08-31", 1, 1, 1],  # finished before the period: out
    # new direct; on the deadline; paper result not digitized
    ["X-04", "1.001193", X, 1, "02/09/2025", "10/09/2025", "10/09/2025 16:45", 1, 1, 0],
    # new online; overdue; not digitized; unknown procedure
    ["X-05", "9.999999", X, "trực tuyến", "2025-09-03", "2025-09-08", "2025-09-12", 0, 0, 0],
    # new postal; open within; digitized (no paper)
    ["X-06", "1.004222", X, "bưu chính công ích", "2025-09-05", "2025-10-15", "", 1, 0, 0],
    # 23:30 on 30/09 in Vietnam: new online; open within
    ["X-07", "1.001193", X, 2, "2025-09-30T16:30:00Z", "2025-10-05", "", 0, 1, 0],
    ["X-08", "1.001193", X, 1, "2025-09-30T17:10:00Z", "2025-10-05", "", 1, 1, 0],  # 00:10 on 01/10 in Vietnam: out
    # new direct; before; digitized, e-result
    ["X-09", "1.001193", X, 1, "2025-09-10", "2025-09-20", "2025-09-15", 1, 1, 1],
    # new direct; no due date = on time; digitized
    ["X-10", "2.000815", X, 1, "2025-09-10 08:00", "", "2025-09-10 10:00", 1, 0, 0],
    # new direct; open, due before the end: overdue
    ["X-11", "1.001193", X, 1, "2025-09-20", "2025-09-29", "", 0, 1, 0],
    # new direct; open, due on the last day: within
    ["X-12", "1.001193", X, 1, "2025-09-20", "2025-09-30", "", 1, 1, 0],
    # carried; finished after: open, overdue
    ["X-13", "1.001193", X, 1, "2025-08-30", "2025-09-15", "2025-10-02", 1, 1, 1],
    # carried; on the deadline
    ["X-14", "1.001193", X, 1, "31/08/2025 23:00", "01/09/2025", "01/09/2025 00:30", 1, 1, 1],
    # the province's own counter, the department, and a district that was abolished with a dossier still open
    ["P-01", "1.001193", P, 1, "2025-09-01", "", "", 0, 1, 0],  # new direct; open, no deadline: within
    # new online; before; paper result missing
    ["S-01", "2.000815", S, 2, "2025-09-15", "2025-09-20", "2025-09-16", 1, 1, 0],
    ["D-01", "1.001193", D17, 1, "2025-06-15", "2025-06-30", "", 0, 1, 0],  # carried into September, overdue
    # before the reform: X under the district
    ["X-20", "1.004222", X, 1, "2025-03-10", "2025-03-15", "2025-03-12", 1, 0, 0],
]

X_SEP = {
    "received": {"total": 12, "new": 8, "direct": 5, "online": 2, "postal": 1, "carried_over": 4},
    "resolved": {"total": 6, "before_deadline": 2, "on_deadline": 3, "overdue": 1},
    "in_progress": {"total": 6, "within_deadline": 3, "overdue": 3},
    "digitized": 8, "digitization_rate": 66.67, "electronic_result_rate": 75.0, "online_rate": 25.0,
    "on_time_rate": 83.33, "reused": 0, "reuse_rate": 0.0,
}
ZERO = {
    "received": {"total": 0, "new": 0, "direct": 0, "online": 0, "postal": 0, "carried_over": 0},
    "resolved": {"total": 0, "before_deadline": 0, "on_deadline": 0, "overdue": 0},
    "in_progress": {"total": 0, "within_deadline": 0, "overdue": 0},
    "digitized": 0, "digitization_rate": None, "electronic_result_rate": None, "online_rate": None,
    "on_time_rate": None, "reused": 0, "reuse_rate": None,
}


def report(services, unit, start, end):
    with services.sessions() as session:
        return digitization_report(session, unit, start, end)


def test_commune_figures_by_hand(services):
    assert load(services, csv_bytes(REGISTER)).rejected == 0
    out = report(services, X, *SEP)
    assert out["unit"] == {"code": X, "name": "Phường Nha Trang"}
    assert out["own"] == X_SEP and out["subtree"] == X_SEP and out["children"] == []


def test_province_rolls_up_the_tree_of_the_period(services):
    load(services, csv_bytes(REGISTER))
    out = report(services, P, *SEP)
    children = {c["unit"]["code"]: c["figures"] for c in out["children"]}
    # The abolished district is listed because it still holds an open dossier; D18 has nothing and is gone.
    assert list(children) == [S, D17, X, Y, Z]
    assert children[X] == X_SEP and children[Y] == ZERO and children[Z] == ZERO
    assert children[D17] == {**ZERO, "received": {**ZERO["received"], "total": 1, "carried_over": 1},
                             "in_progress": {"total": 1, "within_deadline": 0, "overdue": 1},
                             "digitization_rate": 0.0, "reuse_rate": 0.0}
    assert children[S] == {**ZERO, "received": {**ZERO["received"], "total": 1, "new": 1, "online": 1},
                           "resolved": {"total": 1, "before_deadline": 1, "on_deadline": 0, "overdue": 0},
                           "digitization_rate": 0.0, "electronic_result_rate": 0.0, "online_rate": 100.0,
                           "on_time_rate": 100.0, "reuse_rate": 0.0}
    assert out["own"] == {**ZERO, "received": {**ZERO["received"], "total": 1, "new": 1, "direct": 1},
                          "in_progress": {"total": 1, "within_deadline": 1, "overdue": 0},
                          "digitization_rate": 0.0, "online_rate": 0.0, "reuse_rate": 0.0}
    assert out["subtree"] == {
        "received": {"total": 15, "new": 10, "direct": 6, "online": 3, "postal": 1, "carried_over": 5},
        "resolved": {"total": 7, "before_deadline": 3, "on_deadline": 3, "overdue": 1},
        "in_progress": {"total": 8, "within_deadline": 4, "overdue": 4},
        "digitized": 8, "digitization_rate": 53.33, "electronic_result_rate": 60.0, "online_rate": 30.0,
        "on_time_rate": 85.71, "reused": 0, "reuse_rate": 0.0,
    }


def test_unit_that_changed_parent_counts_under_the_parent_of_the_period(services):
    load(services, csv_bytes(REGISTER))
    h1 = report(services, P, date(2025, 3, 1), date(2025, 3, 31))
    assert [c["unit"]["code"] for c in h1["children"]] == [S, D17, "000.00.18.H56"]  # the old three-level tree
    assert {c["unit"]["code"]: c["figures"]["received"]["total"] for c in h1["children"]}[D17] == 1
    district = report(services, D17, date(2025, 3, 1), date(2025, 3, 31))
    assert district["own"]["received"]["total"] == 0
    assert [(c["unit"]["code"], c["figures"]["received"]["total"]) for c in district["children"]] == [(X, 1), (Y, 0)]
    assert district["subtree"]["resolved"]["before_deadline"] == 1 and district["subtree"]["digitized"] == 1
    # The whole year: X under the province (its March dossier with it), D17 keeps only its own dossier.
    year = report(services, P, date(2025, 1, 1), date(2025, 12, 31))
    children = {c["unit"]["code"]: c["figures"]["received"]["total"] for c in year["children"]}
    assert children[X] == 15 and children[D17] == 1
    assert year["subtree"]["received"]["total"] == len(REGISTER) == 18


def test_uploads_count_like_register_rows(services):
    load(services, csv_bytes(REGISTER))
    before = report(services, X, *SEP)["own"]
    with services.sessions() as session:
        dossier = open_dossier(session, NewDossier(unit_code=X, procedure_code="1.001193"),
                               now=datetime(2025, 9, 29, 17, 30, tzinfo=UTC))  # 00:30 on 30/09 in Vietnam
        dossier.components_digitized = True  # what workers/verdict.py sets once every component is read
        session.commit()
        assert dossier.received_on == date(2025, 9, 30)
    after = report(services, X, *SEP)["own"]
    assert after["received"]["direct"] == before["received"]["direct"] + 1
    assert after["in_progress"]["within_deadline"] == before["in_progress"]["within_deadline"] + 1
    assert after["digitized"] == before["digitized"] + 1  # open dossier: its paper result is not due yet
    assert after["digitization_rate"] == round(100 * 9 / 13, 2)


def test_register_row_for_an_uploaded_dossier_keeps_its_digitization(services):
    with services.sessions() as session:
        dossier = open_dossier(session, NewDossier(unit_code=X, procedure_code="1.001193",
                                                   receipt_code=f"{X}-250910-0001"),
                               now=datetime(2025, 9, 10, 2, 0, tzinfo=UTC))
        dossier.components_digitized = True
        session.commit()
    row = [f"{X}-250910-0001", "1.001193", X, 1, "2025-09-10 09:00", "2025-09-20", "2025-09-18", 0, 1, 1]
    result = load(services, csv_bytes([row]))
    assert (result.inserted, result.updated) == (0, 1)
    with services.sessions() as session:
        stored = session.get(Dossier, dossier.id)
        assert (stored.source, stored.components_digitized, stored.result_digitized) == ("upload", True, True)
        assert stored.finished_on == date(2025, 9, 18) and stored.due_on == date(2025, 9, 20)
    assert report(services, X, *SEP)["own"]["resolved"]["before_deadline"] == 1


def test_zero_denominators_are_null(services):
    out = report(services, P, date(2030, 1, 1), date(2030, 1, 31))
    assert out["subtree"] == ZERO and out["own"] == ZERO


def test_a_dossier_finished_through_the_api_counts_like_a_register_row(services):
    """Opened, filled, finished with an electronic result at the counter: resolved on its day, digitized
    (4.2) and its result digitized (4.1); a register row for it later keeps what was digitized here."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from storage.days import vn_today
    from tests.conftest import token_for
    from tests.synth import make_dossier, text_pdf

    client = TestClient(create_app(services), headers=token_for(services, "clerk", X))
    opened = client.post("/dossiers", json={"unit_code": X, "procedure_code": "1.001193"}).json()
    files = [("files", (f"{i.name}.pdf", text_pdf(i.doc))) for i in make_dossier("1.001193", seed=5).items]
    assert client.post(f"/dossiers/{opened['id']}/attachments", files=files).status_code == 202
    finished = client.post(f"/dossiers/{opened['id']}/finish", json={"electronic_result": True})
    assert finished.status_code == 200, finished.text
    today = vn_today()
    own = report(services, X, today, today)["own"]
    assert own["resolved"] == {"total": 1, "before_deadline": 0, "on_deadline": 1, "overdue": 0}
    assert own["digitized"] == 1 and own["electronic_result_rate"] == 100.0
    day = today.strftime("%Y-%m-%d")
    row = [opened["receipt_code"], "1.001193", X, 1, f"{day} 00:00", day, f"{day} 23:00", 0, 1, 0]
    assert load(services, csv_bytes([row])).updated == 1
    with services.sessions() as session:
        stored = session.get(Dossier, opened["id"])
        assert (stored.source, stored.components_digitized, stored.result_digitized) == ("upload", True, True)
    assert report(services, X, today, today)["own"]["electronic_result_rate"] == 100.0
