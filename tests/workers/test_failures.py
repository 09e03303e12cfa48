"""A failed job leaves a code and a reason on its attachment, never the exception's text: a database error
that quotes the OCR text (a citizen's ID number, name, address) reaches neither the database nor an answer,
and reaches the log masked."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from redis import Redis
from rq import SimpleWorker
from sqlalchemy import text
from sqlalchemy.exc import DataError, InternalError, OperationalError, StatementError

from api.app import create_app
from core.privacy import mask_ids
from core.settings import Settings
from ocr.errors import OcrError
from sohoa.services import build
from storage.objects import ObjectNotFound
from tests.conftest import token_for
from tests.synth import make_document
from tests.synth.pdf import text_pdf
from workers.context import install
from workers.failures import INTERNAL, describe

UNIT, PROVINCE = "000.17.22.H56", "000.00.00.H56"
# The database quotes the row it refuses, as a constraint's or a unique key's message can.
REFUSE_DONE = """
CREATE FUNCTION refuse_done() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'refused row: %', NEW.ocr_text; END $$ LANGUAGE plpgsql;
CREATE TRIGGER refuse_done BEFORE UPDATE ON attachments FOR EACH ROW WHEN (NEW.status = 'done')
EXECUTE FUNCTION refuse_done();
"""


def id_forms(number: str) -> list[str]:
    return [number, f"{number[:4]} {number[4:8]} {number[8:]}", number[:8]]


@pytest.mark.postgres
@pytest.mark.redis
def test_a_failed_final_commit_stores_a_code_and_logs_the_cause_masked(tmp_path, postgres_url, redis_url, caplog,
                                                                       masked_logging):
    Redis.from_url(redis_url).flushdb()
    services = build(Settings(data_dir=tmp_path / "data", database_url=postgres_url, redis_url=redis_url,
                              job_retries=0), pooled=False)
    install(services)
    with services.engine.begin() as conn:
        conn.execute(text(REFUSE_DONE))
    card = make_document("cccd", seed=9)
    number, name = card.fields["so_cccd"], card.fields["ho_ten"]
    app = create_app(services)
    clerk = TestClient(app, headers=token_for(services, "clerk", UNIT))
    dossier = clerk.post("/dossiers", json={"unit_code": UNIT, "procedure_code": "1.001193"}).json()
    uploaded = clerk.post(f"/dossiers/{dossier['id']}/attachments", files=[("files", ("cccd.pdf", text_pdf(card)))])
    job_id = uploaded.json()["attachments"][0]["job_id"]
    with caplog.at_level(logging.INFO):  # a worker that runs the job here, so its log is caught
        SimpleWorker([services.queue], connection=services.queue.connection).work(burst=True)

    with services.engine.connect() as conn:
        status, error = conn.execute(text("SELECT status, error FROM attachments")).one()
    assert status == "failed"
    assert error.startswith("db_commit_failed: ") and error == describe(InternalError("", {}, Exception())).stored()
    auditor = TestClient(app, headers=token_for(services, "auditor", PROVINCE))
    admin = TestClient(app, headers=token_for(services, "admin", PROVINCE))
    answers = [auditor.get("/ops/status"), clerk.get(f"/dossiers/{dossier['id']}"), clerk.get(f"/jobs/{job_id}"),
               auditor.get("/audit"), admin.get("/ops/status")]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 200]
    (shown,) = answers[0].json()["failed"]  # people see the code and the Vietnamese reason; admins the stored error
    assert shown["code"] == "db_commit_failed" and shown["reason"] and "error" not in shown
    assert answers[4].json()["failed"][0]["error"] == error
    for body in [error, *(a.text for a in answers)]:
        assert name not in body
        for form in id_forms(number):
            assert form not in body
    # The cause reached the log (the operator can see what went wrong), the number masked.
    assert "refused row" in caplog.text and f"********{number[-4:]}" in caplog.text
    assert not [form for form in id_forms(number) if form in caplog.text]


def test_every_failure_has_a_fixed_reason():
    number = "040300481110"
    leaky = StatementError("UPDATE attachments", "UPDATE attachments SET ocr_text=%(t)s",
                           {"t": f"Số CCCD {number}"}, DataError("", {}, Exception()))
    cases = {"db_commit_failed": leaky, "database_unavailable": OperationalError("", {}, Exception(number)),
             "original_missing": ObjectNotFound(f"key/{number}"), "storage_unavailable": ConnectionError(number),
             "corrupt_pdf": OcrError("corrupt_pdf", "PDF bị hỏng", f"the PDF is corrupt: near {number}"),
             "internal_error": ValueError(number)}
    for code, error in cases.items():
        failure = describe(error)
        assert failure.code == code and failure.vi and failure.en
        assert failure.stored() == mask_ids(failure.stored()) and number[:8] not in failure.stored()
    assert describe(None) == INTERNAL
