"""Time zones for a workshop's close date: entered as a local time in a chosen IANA zone,
stored in UTC, shown back in that zone.

A local time that does not exist in the zone (skipped when clocks go forward) is refused;
one that happens twice (when clocks go back) means the first of the two.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_ZONE = "UTC"
#: Old aliases that duplicate a canonical Region/City name.
_ALIASES = ("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Chile/", "Mexico/", "posix/", "right/")


@cache
def zone_names() -> tuple[str, ...]:
    """UTC, then the Region/City zones in alphabetical order."""
    names = (n for n in available_timezones() if "/" in n and not n.startswith(_ALIASES))
    return (DEFAULT_ZONE, *sorted(names))


def zone(name: str | None) -> ZoneInfo:
    """The zone of this name; UTC for None or a name this machine does not know."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


class NoSuchTime(ValueError):
    """The local time does not exist in the zone (the clocks skip it)."""


def to_utc(local: datetime, name: str) -> datetime:
    """A naive local time in zone `name`, as an aware UTC time; NoSuchTime for a skipped time."""
    place = zone(name)
    aware = local.replace(tzinfo=place, fold=0)
    moment = aware.astimezone(UTC)
    if moment.astimezone(place).replace(tzinfo=None) != local:
        raise NoSuchTime(f"{local:%Y-%m-%d %H:%M} does not exist in {name}: the clocks skip it.")
    return moment


def in_zone(moment: datetime | None, name: str | None) -> datetime | None:
    """A stored time (aware, or naive UTC as SQLite returns it) as a naive local time in the zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(name)).replace(tzinfo=None)


def shown(moment: datetime | None, name: str | None) -> str:
    """A stored time in words for the page: "2026-12-04 17:30 Europe/Paris" ("" for None)."""
    local = in_zone(moment, name)
    return f"{local:%Y-%m-%d %H:%M} {name or DEFAULT_ZONE}" if local is not None else ""
