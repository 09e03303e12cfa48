"""Vietnam calendar days for instants: reports count whole Asia/Ho_Chi_Minh days, the database keeps UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

# Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact for any dossier
# and much cheaper than a zoneinfo lookup in the million-row register import.
VN = timezone(timedelta(hours=7), "ICT")


def vn_today() -> date:
    """Today in Vietnam: from 17:00 UTC it is already tomorrow there (a UTC machine's date.today() is not)."""
    return datetime.now(VN).date()


def vn_day(moment: datetime | None) -> date | None:
    """The Vietnam day of an instant; a naive value is UTC (SQLite hands stored instants back naive)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN).date()
