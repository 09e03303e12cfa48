"""The archive audit lists exactly the problems planted in an archive, on SQLite and PostgreSQL: per dossier,
in the totals and per unit; through the HTTP API (scope, roles, XLSX annex, audit log) and the command line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from rich.console import Console
from sqlalchemy import select

from api.app import create_app
from core.errors import Rejected
from extract.types import ExtractedField, Extraction, Part, Problem
from ingest.dossiers import NewDossier, open_dossier
from reports.audit import PROBLEMS, archive_audit, dossier_problems
from sohoa.render import print_audit
from storage.models import Attachment, AttachmentStatus, AuditEntry, Dossier
from tests.conftest import token_for
from tests.reports.conftest import P, X, Y, csv_bytes, load
from workers import records
from workers.verdict import refresh_verdict

PERIOD = (date(2025, 9, 1), date(2025, 9, 30))
IN_PERIOD = datetime(2025, 9, 10, 2, 0, tzinfo=UTC)
SIGNED = {"copy": {"state": "signed", "pdfa": True}}


def field(value: str) -> ExtractedField:
    return ExtractedField(value=value, page=1, confidence=100.0)


def paper(doc_type: str, born: str = "2025-08-01", problems: list[Problem] | None = None) -> Extraction:
    fields = {"ho_ten": field("Nguyễn Văn An"), "ngay_sinh": field(born)} if doc_type != "cccd" else {
        "ho_ten": field("Trần Thị Bình"), "so_cccd": field("056190001234")}
    return Extraction(doc_type=doc_type, doc_type_confidence=0.95, fields=fields, problems=problems or [])


BIRTH = ("to_khai_khai_sinh", "giay_chung_sinh", "cccd")
UNREADABLE = Problem(code="page_unreadable", message="Trang 1 không đọc được — cần quét lại.")


@dataclass
class File:
    """One attachment as the pipeline would have left it (rows made directly: no OCR in these tests)."""

    extraction: Extraction | None
    status: str = AttachmentStatus.DONE
    copy: bool = True  # a digitized copy was stored
    signature: dict | None = None
    source: str = "ocr"


def files(*types: str, **change) -> list[File]:
    return [File(paper(t), signature=SIGNED, **change) for t in types]


def dossier(session, files_: list[File], *, unit: str = X, at: datetime = IN_PERIOD, finished: bool = False,
            result_digitized: bool = True, verdict_state: str | None = None) -> int:
    """A dossier opened at the counter (ingest), its attachments stored through workers.records and its verdict
    computed by workers.verdict."""
    d = open_dossier(session, NewDossier(unit_code=unit, procedure_code="1.001193"), now=at)
    for n, f in enumerate(files_):
        att = Attachment(dossier_id=d.id, filename=f"tep-{n}.pdf", sha256=f"{d.id:032d}{n:032d}", size=1,
                         media_type="application/pdf", object_key=f"o/{d.id}/{n}", status=f.status, source=f.source,
                         digitized_key=f"d/{d.id}/{n}" if f.copy else None, signature=f.signature, pages=1)
        if f.extraction is not None:
            att.parts = [records.part_row(Part(first_page=1, last_page=1, extraction=f.extraction))]
        session.add(att)
    session.flush()
    session.refresh(d)
    refresh_verdict(session, d)
    if verdict_state:  # the verdict's state comes with another change; planted as that change will store it
        d.verdict = {**d.verdict, "state": verdict_state}
    if finished:
        d.finished_at, d.result_digitized = datetime(2025, 9, 20, 3, 0, tzinfo=UTC), result_digitized
    session.commit()
    return d.id


@pytest.fixture
def archive(services) -> dict[str, dict[int, list[str]]]:
    """The planted archive: {unit: {dossier id: the problems planted in it}}; dossiers without any are listed
    with [] (they must not appear)."""
    x: dict[int, list[str]] = {}
    y: dict[int, list[str]] = {}
    with services.sessions() as s:
        x[dossier(s, files(*BIRTH), finished=True)] = []
        x[dossier(s, files("to_khai_khai_sinh", "cccd"))] = ["missing_component"]
        x[dossier(s, [*files(*BIRTH[:2]), File(paper("cccd"), signature={"copy": {"state": "unsigned",
                                                                                   "reason": "no key"}})])] = [
            "unsigned_copy"]
        x[dossier(s, [*files(*BIRTH[:2]), File(paper("cccd"), signature=None)])] = ["unsigned_copy"]
        x[dossier(s, [*files(*BIRTH[:2]), File(paper("cccd"), copy=False)])] = ["not_digitized"]
        # A born-digital file is its own digital copy: nothing to digitize, no copy to sign.
        x[dossier(s, [*files(*BIRTH[:2]), File(paper("cccd"), copy=False, source="text-layer")])] = []
        x[dossier(s, [*files("to_khai_khai_sinh", "cccd"),
                      File(paper("giay_chung_sinh", problems=[UNREADABLE]), signature=SIGNED)])] = ["unreadable_page"]
        x[dossier(s, [*files(*BIRTH), File(paper("unknown"), signature=SIGNED)])] = ["needs_review"]
        x[dossier(s, [*files(*BIRTH), File(None, status=AttachmentStatus.FAILED, copy=False)])] = [
            "not_digitized", "needs_review"]
        x[dossier(s, files(*BIRTH), verdict_state="needs_review")] = ["needs_review"]
        x[dossier(s, [*files("to_khai_khai_sinh", "cccd"),
                      File(paper("giay_chung_sinh", born="2025-08-02"), signature=SIGNED)])] = ["inconsistency_open"]
        x[dossier(s, files(*BIRTH), finished=True, result_digitized=False)] = ["result_not_digitized"]
        x[dossier(s, [File(None, status=AttachmentStatus.QUEUED, copy=False)])] = [
            "missing_component", "not_digitized"]
        # Received on 31/08 in Vietnam (16:30 UTC is 23:30 there): outside the period, never listed.
        dossier(s, files("cccd"), at=datetime(2025, 8, 31, 16, 30, tzinfo=UTC))
        x[dossier(s, files("cccd"), at=datetime(2025, 8, 31, 17, 30, tzinfo=UTC))] = ["missing_component"]
        y[dossier(s, files("to_khai_khai_sinh"), unit=Y)] = ["missing_component"]
    # The one-stop register: one row on paper (components and result not digitized), one fully digitized.
    load(services, csv_bytes([["K-PAPER", "1.001193", X, 1, "2025-09-03", "", "2025-09-05", 0, 1, 0],
                              ["K-DONE", "1.001193", X, 1, "2025-09-03", "", "2025-09-05", 1, 1, 1],
                              ["K-LATE", "1.001193", X, 1, "2025-10-01", "", "", 0, 1, 0]]))
    with services.sessions() as s:
        ids = dict(s.execute(select(Dossier.receipt_code, Dossier.id).where(Dossier.receipt_code.like("K-%"))).all())
    x[ids["K-PAPER"]], x[ids["K-DONE"]] = ["not_digitized", "result_not_digitized"], []
    return {X: x, Y: y}


def listed(planted: dict[int, list[str]]) -> dict[int, list[str]]:
    return {d: problems for d, problems in planted.items() if problems}


def expected_totals(planted: dict[int, list[str]]) -> dict[str, int]:
    counts = Counter(code for problems in planted.values() for code in problems)
    return {code: counts[code] for code in PROBLEMS}


def test_the_audit_lists_exactly_the_planted_problems(services, archive):
    planted = {**archive[X], **archive[Y]}
    with services.sessions() as session:
        audit = archive_audit(session, P, *PERIOD)
        commune = archive_audit(session, X, *PERIOD)
        unsigned = archive_audit(session, P, *PERIOD, problem="unsigned_copy")
    assert {i["dossier_id"]: i["problems"] for i in audit["items"]} == listed(planted)
    assert audit["totals"] == expected_totals(planted)
    assert audit["dossiers"] == len(planted)
    units = {u["unit"]: u for u in audit["units"]}
    assert set(units) == {X, Y}
    assert units[X]["dossiers"] == len(archive[X]) and units[X]["listed"] == len(listed(archive[X]))
    assert {c: units[X][c] for c in PROBLEMS} == expected_totals(archive[X])
    assert {c: units[Y][c] for c in PROBLEMS} == expected_totals(archive[Y])
    assert {i["dossier_id"] for i in commune["items"]} == set(listed(archive[X]))
    assert {i["dossier_id"] for i in unsigned["items"]} == {d for d, p in planted.items() if "unsigned_copy" in p}
    assert unsigned["totals"]["unsigned_copy"] == 2 and unsigned["totals"]["missing_component"] == 0
    item = audit["items"][0]
    assert item["procedure_code"] == "1.001193" and audit["procedures"] == {"1.001193": "Đăng ký khai sinh"}
    assert item["received_on"] == "2025-09-01"  # the dossier received at 00:30 Vietnam time on 01/09


def test_refusals(services):
    with services.sessions() as session:
        with pytest.raises(Rejected) as bad:
            archive_audit(session, X, *PERIOD, problem="lost")
        assert bad.value.status == 422
        with pytest.raises(Rejected):
            archive_audit(session, X, PERIOD[1], PERIOD[0])
        with pytest.raises(Rejected) as unknown:
            archive_audit(session, "000.99.99.H99", *PERIOD)
        assert unknown.value.status == 404


def test_a_resolved_inconsistency_is_no_longer_open():
    row = Dossier(verdict={"missing": [], "inconsistencies": [{"code": "name_mismatch", "resolved": True}]},
                  components_digitized=True, finished_at=None, result_paper=True, result_digitized=False)
    assert dossier_problems(row, []) == []
    row.verdict["inconsistencies"].append({"code": "id_mismatch"})
    assert dossier_problems(row, []) == ["inconsistency_open"]


def test_http_scope_roles_xlsx_and_log(services, archive):
    app = create_app(services)
    params = {"from": "2025-09-01", "to": "2025-09-30"}
    province = TestClient(app, headers=token_for(services, "auditor", P))
    both = province.get("/audit/dossiers", params={**params, "unit": P})
    assert both.status_code == 200, both.text
    assert {i["dossier_id"] for i in both.json()["items"]} == set(listed({**archive[X], **archive[Y]}))
    sibling = TestClient(app, headers=token_for(services, "auditor", Y))
    own = sibling.get("/audit/dossiers", params=params).json()  # the caller's unit when none is named
    assert {i["dossier_id"] for i in own["items"]} == set(listed(archive[Y]))
    assert not set(archive[X]) & {i["dossier_id"] for i in own["items"]}
    assert sibling.get("/audit/dossiers", params={**params, "unit": X}).status_code == 404
    assert sibling.get("/audit/dossiers", params={**params, "unit": P}).status_code == 404
    leader = TestClient(app, headers=token_for(services, "leader", X))
    assert leader.get("/audit/dossiers", params={**params, "unit": X}).status_code == 200
    clerk = TestClient(app, headers=token_for(services, "clerk", X))
    assert clerk.get("/audit/dossiers", params={**params, "unit": X}).status_code == 403
    bad = province.get("/audit/dossiers", params={**params, "unit": P, "problem": "lost"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_problem"

    xlsx = province.get("/audit/dossiers", params={**params, "unit": P, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "PHỤ LỤC: DANH SÁCH HỒ SƠ LƯU TRỮ CHƯA ĐẦY ĐỦ"
    assert rows[1][0] == "Đơn vị: Tỉnh Khánh Hòa (000.00.00.H56)"
    assert rows[2][0] == "Kỳ kiểm tra: hồ sơ tiếp nhận từ ngày 01/09/2025 đến ngày 30/09/2025"
    header = rows.index(["STT", "Mã hồ sơ", "Đơn vị", "Thủ tục", "Ngày tiếp nhận", "Vấn đề", *[None] * 5])
    items = both.json()["items"]
    body = rows[header + 1: header + 1 + len(items)]
    assert [r[0] for r in body] == list(range(1, len(items) + 1))
    assert [r[1] for r in body] == [i["receipt_code"] for i in items]
    assert body[0][3] == "Đăng ký khai sinh (1.001193)" and body[0][4] == datetime(2025, 9, 1)
    paper_row = next(r for r in body if r[1] == "K-PAPER")
    assert paper_row[2] == "Phường Nha Trang"
    assert paper_row[5] == "Thành phần hồ sơ chưa được số hóa; Kết quả giải quyết bản giấy chưa được số hóa"
    totals = rows[rows.index(["Tổng hợp theo đơn vị và vấn đề", *[None] * 10]) + 1:]
    assert totals[0][:4] == ["STT", "Đơn vị", "Số hồ sơ tiếp nhận", "Số hồ sơ chưa đầy đủ"]
    assert totals[-1][1] == "Tổng cộng" and totals[-1][4:] == list(both.json()["totals"].values())

    with services.sessions() as session:
        logged = session.execute(select(AuditEntry.username, AuditEntry.action, AuditEntry.target)
                                 .where(AuditEntry.target.like("archive-audit:%")).order_by(AuditEntry.id)).all()
    assert [(a, t) for _, a, t in logged] == [("view", f"archive-audit:{P}"), ("view", f"archive-audit:{Y}"),
                                             ("view", f"archive-audit:{X}"), ("export", f"archive-audit:{P}")]


def test_command_prints_the_same_items(services, archive, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "SOHOA_", "REDIS_URL", "S3_"))}
    env.update(SOHOA_DATA_DIR=str(services.settings.data_dir), SOHOA_DATABASE_URL=services.settings.database_url)

    def sohoa_audit(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "sohoa.cli", "audit", "--unit", P, "--from", "2025-09-01",
                               "--to", "2025-09-30", *args], env=env, capture_output=True, text=True, timeout=120)

    run = sohoa_audit("--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    annex = tmp_path / "phu-luc.xlsx"
    assert sohoa_audit("--xlsx", str(annex), "--problem", "not_digitized").returncode == 0
    sheet = load_workbook(annex).active
    assert sheet["A4"].value == "Vấn đề: Thành phần hồ sơ chưa được số hóa"
    wrong = sohoa_audit("--problem", "lost")
    assert wrong.returncode == 2 and "bad_problem" not in wrong.stderr and "problem must be one of" in wrong.stderr
    with services.sessions() as session:
        audit = archive_audit(session, P, *PERIOD)
    assert out["items"] == audit["items"] and out["totals"] == audit["totals"]
    console = Console(file=io.StringIO(), width=200)
    print_audit(console, audit)
    text = console.file.getvalue()
    assert f"{len(audit['items'])} / {audit['dossiers']} hồ sơ" in text
    assert "Kết quả giải quyết bản giấy chưa được số hóa" in text and "01/09/2025" in text
