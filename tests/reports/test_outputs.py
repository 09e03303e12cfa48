"""What people receive: XLSX/CSV/PNG exports, the Vietnamese summary, the HTTP endpoints and the commands."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from rich.console import Console

from api.app import create_app
from reports import digitization_report
from reports.export import to_csv, to_png, to_xlsx
from reports.summary import summary
from sohoa.render import print_report
from storage.models import Unit
from tests.conftest import token_for
from tests.reports.conftest import P, X, csv_bytes, load
from tests.reports.test_figures import REGISTER, SEP, X_SEP, ZERO

ROOT = Path(__file__).resolve().parents[2]
EVIL = '=HYPERLINK("http://evil.example/x","Bấm vào đây")'


def test_summary_matches_the_provincial_sentence():
    figures = copy.deepcopy(ZERO)
    figures["received"]["total"] = 3884
    figures["resolved"] = {"total": 3839, "before_deadline": 3517, "on_deadline": 322, "overdue": 0}
    figures["digitized"], figures["digitization_rate"] = 2670, 68.74
    figures["reused"], figures["reuse_rate"] = 1204, 31.0
    assert summary(figures) == ("Tiếp nhận 3.884 hồ sơ; đã giải quyết 3.839 hồ sơ (trước hạn 3.517, đúng hạn 322, "
                                "quá hạn 0); số hóa 2.670 hồ sơ, đạt 68,74%; tái sử dụng dữ liệu số hóa ở 1.204 hồ sơ, "
                                "đạt 31,00%.")
    assert summary(X_SEP) == ("Tiếp nhận 12 hồ sơ; đã giải quyết 6 hồ sơ (trước hạn 2, đúng hạn 3, quá hạn 1); "
                              "số hóa 8 hồ sơ, đạt 66,67%; tái sử dụng dữ liệu số hóa ở 0 hồ sơ, đạt 0,00%.")
    assert summary(ZERO).endswith("số hóa 0 hồ sơ, đạt —; tái sử dụng dữ liệu số hóa ở 0 hồ sơ, đạt —.")


@pytest.fixture
def province_report(embedded) -> dict:
    with embedded.sessions() as session:  # a unit whose imported name is a formula
        session.add(Unit(code="000.17.99.H56", name=EVIL, level="xa", parent_code=P))
        session.commit()
    load(embedded, csv_bytes(REGISTER))
    with embedded.sessions() as session:
        return digitization_report(session, P, *SEP)


def test_xlsx_is_a_provincial_table_with_formulas_neutralised(province_report):
    sheet = load_workbook(io.BytesIO(to_xlsx(province_report))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0].startswith("BÁO CÁO KẾT QUẢ GIẢI QUYẾT VÀ SỐ HÓA")
    assert values[2][0] == "Kỳ báo cáo: từ ngày 01/09/2025 đến ngày 30/09/2025"
    assert values[4][:4] == ["STT", "Mã đơn vị", "Tên đơn vị", "Tiếp nhận"]
    assert values[5][3:6] == ["Tổng số", "Kỳ trước chuyển qua", "Mới tiếp nhận"]
    body = values[6:]
    assert len(body) == 1 + len(province_report["children"]) + 1  # own, children, totals
    total = body[-1]
    assert total[2] == "Tổng cộng" and total[3:6] == [15, 5, 10] and total[17] == 53.33
    by_code = {row[1]: row for row in body}
    assert by_code[X][3] == 12 and by_code[X][17] == 66.67
    evil = by_code["000.17.99.H56"]
    assert evil[2] == "'" + EVIL and evil[17] == "—"  # zero denominator shows as a dash
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_csv_export_neutralises_and_keeps_numbers_plain(province_report):
    text = to_csv(province_report)
    assert text.startswith("\ufeffMã đơn vị,Tên đơn vị,Tiếp nhận - Tổng số")
    lines = text.splitlines()
    assert lines[-1].startswith(",Tổng cộng,15,5,10,6,3,1,7,3,3,1,8,4,4,8,53.33,0,0.0,60.0,30.0,85.71")
    evil = next(line for line in lines if line.startswith("000.17.99.H56"))
    assert evil.startswith("000.17.99.H56,\"'=HYPERLINK(") and evil.endswith(",,,,")


def test_chart_and_text_output(province_report):
    png = to_png(province_report)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    console = Console(file=io.StringIO(), width=200)
    print_report(console, province_report)
    text = console.file.getvalue()
    assert "Tổng cộng" in text and "53,33%" in text and "—" in text
    assert text.rstrip().endswith("số hóa 8 hồ sơ, đạt 53,33%; tái sử dụng dữ liệu số hóa ở 0 hồ sơ, đạt 0,00%.")


def test_http_import_and_report(embedded):
    app = create_app(embedded)
    leader = TestClient(app, headers=token_for(embedded, "leader", X))
    refused = leader.post("/registers/import", files={"file": ("so-theo-doi.csv", csv_bytes(REGISTER), "text/csv")})
    assert refused.status_code == 403  # only an admin loads the register of every unit
    client = TestClient(app, headers=token_for(embedded, "admin", X))
    response = client.post("/registers/import", files={"file": ("so-theo-doi.csv", csv_bytes(REGISTER), "text/csv")})
    assert response.status_code == 200, response.text
    assert response.json()["imported"] == len(REGISTER) and response.json()["errors"] == []
    params = {"unit": X, "from": "2025-09-01", "to": "2025-09-30"}
    report = client.get("/reports/digitization", params=params).json()
    assert set(report) == {"unit", "from", "to", "own", "children", "subtree"} and report["own"] == X_SEP
    xlsx = client.get("/reports/digitization", params={**params, "format": "xlsx"})
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats") and xlsx.content[:2] == b"PK"
    assert client.get("/reports/digitization", params={**params, "format": "png"}).content[:4] == b"\x89PNG"
    assert client.get("/reports/digitization", params={**params, "format": "pdf"}).status_code == 422
    bad = csv_bytes([["Q-1", "1.001193", X, 7, "2025-09-01", "", "", 1, 1, 0]])
    strict = client.post("/registers/import", params={"strict": "true"}, files={"file": ("r.csv", bad)})
    assert strict.status_code == 422 and strict.json()["errors"][0]["line"] == 2
    missing = client.post("/registers/import", files={"file": ("r.csv", b"a,b\n1,2\n")})
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "missing_columns"


def sohoa(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SOHOA_DATABASE_URL", "REDIS_URL")}
    env["SOHOA_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "sohoa.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300, cwd=data_dir)


def test_commands(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("ma_don_vi,ten,cap,ma_don_vi_cha,hieu_luc_tu,hieu_luc_den\n"
                     "000.17.40.H56,Xã Thử,xa,000.00.00.H56,2025-07-01,\n", encoding="utf-8")
    run = sohoa("import-units", str(units), data_dir=tmp_path)
    assert run.returncode == 0 and "1 đơn vị" in run.stdout, run.stderr
    register = tmp_path / "register.csv"
    register.write_bytes(csv_bytes([*REGISTER, ["T-1", "1.001193", "000.17.40.H56", 2, "2025-09-02", "", "", 1, 0, 0],
                                    ["T-2", "1.001193", X, "fax", "2025-09-02", "", "", 1, 0, 0]]))
    run = sohoa("import-register", str(register), data_dir=tmp_path)
    assert run.returncode == 1  # one bad row: reported, the others imported
    assert "19/20" in run.stdout and "dòng 21" in run.stderr and "line 21" in run.stderr
    run = sohoa("report", "--unit", P, "--from", "2025-09-01", "--to", "2025-09-30", "--json", data_dir=tmp_path)
    out = json.loads(run.stdout)
    assert out["subtree"]["received"]["total"] == 16 and out["subtree"]["received"]["online"] == 4
    assert "000.17.40.H56" in [c["unit"]["code"] for c in out["children"]]
    run = sohoa("report", "--unit", P, "--from", "2025-09-01", "--to", "2025-09-30", "--xlsx", "bc.xlsx",
                "--chart", "bc.png", data_dir=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "bc.xlsx").read_bytes()[:2] == b"PK" and (tmp_path / "bc.png").read_bytes()[:4] == b"\x89PNG"
    run = sohoa("report", "--unit", P, "--from", "2025-09-01", "--to", "2025-09-30", "--csv", data_dir=tmp_path)
    assert run.stdout.startswith("\ufeffMã đơn vị") and "Tổng cộng,16," in run.stdout
    run = sohoa("report", "--unit", P, "--from", "2025-09-01", "--to", "2025-09-30", data_dir=tmp_path)
    assert "Tiếp nhận 16 hồ sơ;" in run.stdout
    assert sohoa("report", "--unit", "000.01.01.H99", "--from", "2025-09-01", "--to", "2025-09-30",
                 data_dir=tmp_path).returncode == 2
    assert date.fromisoformat(out["to"]) == date(2025, 9, 30)
