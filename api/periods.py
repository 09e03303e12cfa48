"""Report periods are whole days in Vietnam's time zone; the database keeps UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def day_start_utc(day: date) -> datetime:
    return datetime.combine(day, time.min, VN).astimezone(UTC)


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) in Vietnam, as UTC instants."""
    return day_start_utc(start), day_start_utc(end + timedelta(days=1))
