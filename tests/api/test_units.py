"""GET /units: the units in the caller's scope as the tree stands today, for the dashboard's unit box."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from tests.conftest import token_for

PROVINCE, WARD, SIBLING, COMMUNE = "000.00.00.H56", "000.17.22.H56", "000.17.23.H56", "000.18.31.H56"


def test_units_in_scope_today_with_their_names_folded(embedded):
    app = create_app(embedded)
    leader = TestClient(app, headers=token_for(embedded, "leader", PROVINCE)).get("/units")
    assert leader.status_code == 200, leader.text
    items = {u["code"]: u for u in leader.json()["items"]}
    # Today's tree: the wards stand directly under the province, the former districts (ended 2025-06-30) are gone.
    assert {PROVINCE, WARD, SIBLING, COMMUNE} <= set(items) and "000.00.17.H56" not in items
    assert items[COMMUNE] == {"code": COMMUNE, "name": "Xã Hòa Trí", "level": "xa", "parent_code": PROVINCE,
                              "folded": "000.18.31.h56 xa hoa tri"}
    assert items[WARD]["name"] == "Phường Nha Trang"  # today's name, not the row that ended
    clerk = TestClient(app, headers=token_for(embedded, "clerk", WARD)).get("/units").json()["items"]
    assert [u["code"] for u in clerk] == [WARD]  # a clerk's scope is its own unit
    ward_leader = TestClient(app, headers=token_for(embedded, "leader", SIBLING)).get("/units").json()["items"]
    assert [u["code"] for u in ward_leader] == [SIBLING]
    assert TestClient(app).get("/units").status_code == 401
