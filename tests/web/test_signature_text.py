"""The dossier page's wording of signatures (api/static/signatures.js), run by Node on the JSON the API gives:
the unit's signature on a copy, the reason a copy is unsigned, the clerk's check against the original, and an
incoming PDF's signatures; days in Asia/Ho_Chi_Minh whatever the machine's zone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import unavailable

SCRIPT = Path(__file__).resolve().parents[2] / "api" / "static" / "signatures.js"
TSA_SUBJECT = "Common Name: Sở Tư pháp tỉnh Khánh Hòa — TEST ONLY, Organizational Unit: 000.00.14.H56, Country: VN"


def words(signature: dict | None) -> list[tuple[str, str]]:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        unavailable("Node.js is not installed (scripts/setup.sh --test installs it)")
    program = ("const s = require(process.argv[1]); const sig = JSON.parse(process.argv[2]);"
               "console.log(JSON.stringify([...s.copyLines(sig), ...s.incomingLines(sig)]));")
    out = subprocess.run([node, "-e", program, str(SCRIPT), json.dumps(signature)], capture_output=True, text=True,
                         check=True, timeout=30, env={**os.environ, "TZ": "UTC"})
    return [(line["kind"], line["text"]) for line in json.loads(out.stdout)]


def test_a_signed_copy_checked_against_the_original():
    # 20:30 UTC on 31 May is 03:30 on 1 June in Việt Nam.
    signature = {"copy": {"state": "signed", "unit": "Phường Nha Trang (000.17.22.H56)", "signer": "Common Name: x",
                          "signed_at": "2026-05-31T20:30:00+00:00", "checked_by": "can-bo-mot",
                          "checked_at": "2026-05-31T20:29:00+00:00"},
                 "checked": {"by": "can-bo-mot", "at": "2026-05-31T20:29:00+00:00"}, "incoming": None}
    assert words(signature) == [("ok", "Đã ký số — Phường Nha Trang (000.17.22.H56), ký ngày 01/06/2026"),
                                ("ok", "Đã đối chiếu bản chính — can-bo-mot, 01/06/2026")]


def test_a_confirmation_whose_copy_is_not_signed_again_yet():
    signature = {"copy": {"state": "signed", "unit": "Phường Nha Trang", "signed_at": "2026-06-02T01:00:00+00:00",
                          "checked_by": None},
                 "checked": {"by": "can-bo-hai", "at": "2026-06-03T02:00:00+00:00"}}
    assert words(signature)[1] == ("ok", "Đã đối chiếu bản chính — can-bo-hai, 03/06/2026 (bản sao đang được ký lại)")


def test_an_unsigned_copy_says_why():
    assert words({"copy": {"state": "unsigned", "reason": "no key for this unit"}}) == [
        ("bad", "Chưa ký số: đơn vị chưa có khóa ký số trên máy chủ"), ("muted", "Chưa đối chiếu bản chính")]
    assert words({"copy": {"state": "unsigned", "reason": "PKCS#11 token: no token with label 'VNPT-CA'"}})[0] == (
        "bad", "Chưa ký số: PKCS#11 token: no token with label 'VNPT-CA'")


def test_incoming_signatures():
    def report(**flags) -> dict:
        check = {"field": "Sig1", "intact": True, "signer": TSA_SUBJECT, "signed_at": "2026-04-30T18:00:00+00:00",
                 "timestamped": False, "trusted": True, "modified_after_signing": False} | flags
        return {"incoming": {"state": "x", "signatures": [check]}}

    assert words(report()) == [("ok", "Chữ ký số hợp lệ — Sở Tư pháp tỉnh Khánh Hòa — TEST ONLY, ký ngày 01/05/2026")]
    assert words(report(intact=False, modified_after_signing=True)) == [
        ("bad", "Chữ ký số của Sở Tư pháp tỉnh Khánh Hòa — TEST ONLY: tài liệu đã bị sửa sau khi ký")]
    assert words(report(intact=False)) == [("bad", "Chữ ký số của Sở Tư pháp tỉnh Khánh Hòa — TEST ONLY không hợp lệ")]
    assert "không thuộc tổ chức chứng thực được tin cậy" in words(report(trusted=False))[0][1]
    assert words(None) == [] and words({"copy": None, "incoming": None}) == []


def test_a_copy_awaiting_the_check_against_the_original():
    waiting = {"copy": {"state": "awaiting_check", "reason": "chờ đối chiếu bản chính", "checked_by": None}}
    assert words(waiting) == [
        ("muted", "Chưa ký số: chờ đối chiếu bản chính — bản sao được ký số sau khi cán bộ xác nhận")]
    # Confirmed, while the worker has not signed it yet (an external queue).
    confirmed = {**waiting, "checked": {"by": "can-bo-mot", "at": "2026-06-03T02:00:00+00:00"}}
    assert words(confirmed) == [("muted", "Chưa ký số: đang ký sau khi đối chiếu bản chính"),
                                ("ok", "Đã đối chiếu bản chính — can-bo-mot, 03/06/2026 (bản sao đang được ký)")]


def test_the_level_a_signed_copy_reached():
    def signed(level: str | None) -> str:
        copy = {"state": "signed", "unit": "Phường Nha Trang", "signed_at": "2026-06-02T01:00:00+00:00",
                "level": level}
        return words({"copy": copy})[0][1]

    assert signed("B-B") == "Đã ký số — Phường Nha Trang, ký ngày 02/06/2026 (PAdES B-B)"
    assert signed("B-T").endswith("(PAdES B-T, có dấu thời gian)")
    assert signed("B-LT").endswith("(PAdES B-LT, có dấu thời gian và thông tin thu hồi chứng thư)")
    assert signed("B-LTA").endswith(
        "(PAdES B-LTA, có dấu thời gian, thông tin thu hồi chứng thư và dấu thời gian lưu trữ)")
    assert signed(None) == "Đã ký số — Phường Nha Trang, ký ngày 02/06/2026"  # copies signed before levels
