"""Vietnam time: deadlines are calendar days in Asia/Ho_Chi_Minh, whatever the server's zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

__all__ = ["LOCAL_TZ", "days_late", "end_of_day", "local_time"]

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local_time(value: dt.datetime) -> dt.datetime:
    """A naive time is Vietnam time; any time is returned aware, in UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(dt.UTC)


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in Vietnam, in UTC."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), LOCAL_TZ).astimezone(dt.UTC)


def days_late(received_at: dt.datetime, deadline: dt.date) -> int:
    """Whole calendar days (Vietnam time) after the deadline day; 0 when on time."""
    return max(0, (received_at.astimezone(LOCAL_TZ).date() - deadline).days)
