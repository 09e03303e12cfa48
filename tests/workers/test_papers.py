"""Which papers go into a citizen's index, under which person, valid until when (workers.papers)."""

from __future__ import annotations

from datetime import date

import pytest

from core.privacy import id_key
from storage.models import Attachment, Dossier
from workers.papers import entries, validity

SECRET = b"k" * 32
NUMBER = "056095818029"


def card(field: dict, *, source: str = "ocr", corrections: list | None = None, doc_type: str = "cccd",
         extra: dict | None = None) -> Attachment:
    fields = {"so_cccd": {"value": NUMBER, **field}, "ho_ten": {"value": "NGUYỄN VĂN AN"},
              "co_gia_tri_den": {"value": "2035-06-21"}, **(extra or {})}
    att = Attachment(id=7, dossier_id=3, status="done", source=source, digitized_key="k/7.pdf",
                     corrections=corrections, parts=[{"first_page": 1, "last_page": 1, "doc_type": doc_type,
                                                     "fields": fields}])
    att.dossier = Dossier(id=3, unit_code="000.17.22.H56")
    return att


@pytest.mark.parametrize(("att", "indexed"), [
    (card({"source": "qr"}), True),  # the chip card's QR code
    (card({"confirmed": True}), True),  # a second read gave the same digits
    (card({}, source="text-layer"), True),  # born digital
    (card({}, corrections=[{"target": "fields.so_cccd", "new": NUMBER}]), True),  # a clerk's correction
    (card({}), False),  # one OCR read: a misread digit would file the paper under someone else
    (card({"confirmed": True, "alternatives": []}, corrections=[{"target": "fields.ho_ten"}]), True),
    (card({"source": "qr"}, doc_type="to_khai_cu_tru"), False),  # a form is filed for one dossier only
])
def test_only_a_sure_number_indexes_a_paper(att, indexed):
    got = entries(att, SECRET)
    assert bool(got) == indexed
    if indexed:
        (entry,) = got
        assert entry.id_hash == id_key(NUMBER, SECRET) and NUMBER not in entry.id_hash
        assert NUMBER not in str(entry.fields) and entry.fields["ho_ten"] == "NGUYỄN VĂN AN"
        assert (entry.unit_code, entry.dossier_id, entry.valid_until) == ("000.17.22.H56", 3, date(2035, 6, 21))


def test_a_link_or_an_unfinished_file_is_not_a_paper():
    linked = card({"source": "qr"})
    linked.reused_from = 2
    queued = card({"source": "qr"})
    queued.status = "queued"
    assert entries(linked, SECRET) == [] and entries(queued, SECRET) == []


def _fields(**values: str) -> dict:
    return {k: {"value": v} for k, v in values.items()}


@pytest.mark.parametrize(("doc_type", "fields", "expected"), [
    ("cccd", _fields(co_gia_tri_den="2031-02-28"), (True, date(2031, 2, 28))),
    ("cccd", _fields(ngay_cap="2021-05-20"), (False, None)),  # no expiry read: not offered
    ("xac_nhan_tinh_trang_hon_nhan", _fields(ngay_ky="2026-08-31"), (True, date(2027, 2, 28))),  # six months
    ("xac_nhan_tinh_trang_hon_nhan", _fields(ngay_cap="2026-03-10"), (True, date(2026, 9, 10))),
    ("xac_nhan_tinh_trang_hon_nhan", {}, (False, None)),
    ("giay_khai_sinh", {}, (True, None)),  # without end
    ("hop_dong_thue_nha", _fields(co_gia_tri_den="2027-12-31"), (True, date(2027, 12, 31))),
])
def test_validity(doc_type, fields, expected):
    assert validity(doc_type, fields) == expected


def test_a_marriage_certificate_is_filed_under_both_spouses():
    att = card({}, source="text-layer", doc_type="giay_chung_nhan_ket_hon",
               extra={"so_cccd_ben_nam": {"value": "056094002222"}, "so_cccd_ben_nu": {"value": NUMBER}})
    assert {e.id_hash for e in entries(att, SECRET)} == {id_key(NUMBER, SECRET), id_key("056094002222", SECRET)}
