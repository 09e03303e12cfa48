"""766 indicator 4.3 by hand: dossiers received in the period with a component reused from digitized data ÷
dossiers received, from a register with the `tai_su_dung` column, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from ingest.dossiers import NewDossier, open_dossier
from reports.export import to_csv
from reports.summary import summary
from storage.models import Dossier
from tests.reports.conftest import HEADER, P, X, Y, csv_bytes, load
from tests.reports.test_figures import SEP, report

# The 766 field name for the column; the rest as the one-stop register writes them.
REUSE_HEADER = [*HEADER, "TaiSuDung"]
REGISTER = [
    ["R-01", "1.004222", X, 1, "2025-09-02", "2025-09-20", "", 1, 0, 0, 1],  # new, reused
    ["R-02", "1.004222", X, 2, "2025-09-03", "2025-09-20", "2025-09-10", 1, 0, 0, 0],  # new, not reused
    ["R-03", "1.001193", X, 1, "2025-08-28", "2025-09-05", "", 1, 1, 0, "x"],  # carried over, reused
    ["R-04", "1.001193", X, 1, "2025-08-01", "2025-08-10", "2025-08-09", 1, 1, 1, 1],  # finished before: out
    ["R-05", "1.001193", X, 1, "2025-09-15", "2025-09-25", "", 0, 1, 0, ""],  # new, not stated: not reused
    ["R-06", "1.000894", Y, 2, "2025-09-16", "2025-09-25", "", 1, 1, 0, "có"],  # new at Y, reused
    ["R-07", "1.000894", Y, 1, "2025-10-01", "2025-10-09", "", 1, 1, 0, 1],  # received after: out
]


def test_reuse_rate_by_hand(services):
    assert load(services, csv_bytes(REGISTER, header=REUSE_HEADER)).rejected == 0
    commune = report(services, X, *SEP)["own"]
    # X received, R-03 (carried over), R-05: four; reused a component.
    assert (commune["received"]["total"], commune["reused"], commune["reuse_rate"]) == (4, 2, 50.0)
    province = report(services, P, *SEP)
    # And Y's R-06: five received, three reused.
    assert (province["subtree"]["reused"], province["subtree"]["reuse_rate"]) == (3, 60.0)
    assert {c["unit"]["code"]: c["figures"]["reuse_rate"] for c in province["children"]}[Y] == 100.0
    assert summary(province["subtree"]).endswith("tái sử dụng dữ liệu số hóa ở 3 hồ sơ, đạt 60,00%.")
    header, *_, total = to_csv(province).splitlines()
    columns = header.split(",")
    at = columns.index("Tái sử dụng dữ liệu số hóa (4.3) - Số hồ sơ")
    assert columns[at + 1] == "Tái sử dụng dữ liệu số hóa (4.3) - Tỷ lệ (%)"
    assert total.split(",")[at : at + 2] == ["3", "60.0"]


def test_an_uploaded_dossiers_reuse_counts_and_outlives_a_register_that_says_no(services):
    with services.sessions() as session:
        dossier = open_dossier(session, NewDossier(unit_code=X, procedure_code="1.004222",
                                                   receipt_code=f"{X}-250910-0001"),
                               now=datetime(2025, 9, 10, 2, 0, tzinfo=UTC))
        dossier.reused = True  # what POST /dossiers/{id}/reuse sets
        session.commit()
    assert (report(services, X, *SEP)["own"]["reused"], report(services, X, *SEP)["own"]["reuse_rate"]) == (1, 100.0)
    row = [f"{X}-250910-0001", "1.004222", X, 1, "2025-09-10 09:00", "2025-09-20", "2025-09-18", 1, 0, 0, 0]
    assert load(services, csv_bytes([row], header=REUSE_HEADER)).updated == 1
    with services.sessions() as session:
        assert session.get(Dossier, dossier.id).reused
    assert report(services, X, *SEP)["own"]["reuse_rate"] == 100.0
    # A register row says what it says of a register dossier, both ways.
    load(services, csv_bytes([["R-9", "1.004222", X, 1, "2025-09-11", "", "", 0, 0, 0, 1]], header=REUSE_HEADER))
    load(services, csv_bytes([["R-9", "1.004222", X, 1, "2025-09-11", "", "", 0, 0, 0, 0]], header=REUSE_HEADER))
    assert report(services, X, *SEP)["own"]["reused"] == 1


def test_a_bad_flag_is_a_row_error(services):
    result = load(services, csv_bytes([["R-1", "1.004222", X, 1, "2025-09-02", "", "", 0, 0, 0, "maybe"]],
                                      header=REUSE_HEADER))
    assert result.rejected == 1 and result.errors[0]["code"] == "bad_flag" and "tai_su_dung" in result.errors[0]["en"]
