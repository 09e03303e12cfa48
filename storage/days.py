"""Vietnam calendar days for instants: reports count whole Asia/Ho_Chi_Minh days, the database keeps UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

# Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact for any dossier
# and much cheaper than a zoneinfo lookup in the million-row register import.
VN = timezone(timedelta(hours=7), "ICT")


def vn_today() -> date:
    """Today in Vietnam: from 17:00 UTC it is already tomorrow there (a UTC machine's date.today() is not)."""
    return datetime.now(VN).date()


def as_utc(moment: datetime) -> datetime:
    """An instant in UTC; a naive value is UTC already (SQLite hands stored instants back naive)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def vn_day(moment: datetime | None) -> date | None:
    """The Vietnam day of an instant."""
    return None if moment is None else as_utc(moment).astimezone(VN).date()
