"""Dates as the formats write them, read into aware datetimes (UTC when none is given)."""

from datetime import UTC, datetime


def parse(value: str) -> datetime | None:
    """An ISO 8601 date ("2019-04-02T10:00:00Z", "2019-04-02 10:00:00"), or None."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1) if "T" not in value else value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def from_timestamp(value) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
