"""When mail may go out: send windows (quiet hours), a step's time of day, frequency caps.

A mail due outside its window, or over a customer's cap, is deferred, never dropped: its
delivery goes back to `scheduled` with the time it may go, and the deferral costs no attempt.

Times are compared as instants (UTC), never as wall clocks: Python compares two datetimes of
one zone by their wall clocks, fold ignored, so in the hour a daylight-saving change repeats,
01:30 (the first) would come after 01:10 (the second). The times returned are in UTC.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class SendWindow:
    """Hours of the day mail may go out, in a time zone; `opens > closes` spans midnight."""

    opens: time
    closes: time
    zone: ZoneInfo

    @classmethod
    def parse(cls, text: str, zone: str) -> "SendWindow | None":
        """ "09:00-21:00" in `zone`; an empty text means no window. Raises ValueError."""
        if not text.strip():
            return None
        match = _WINDOW.match(text)
        if not match:
            raise ValueError(f"send window {text!r} must look like 09:00-21:00")
        h1, m1, h2, m2 = map(int, match.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise ValueError(f"send window {text!r} has an hour or minute out of range")
        if (h1, m1) == (h2, m2):
            raise ValueError(f"send window {text!r} opens and closes at the same time")
        try:
            tz = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{zone!r} is not an IANA time zone (e.g. Asia/Tokyo)") from None
        closes = time(23, 59, 59, 999999) if h2 == 24 else time(h2, m2)
        return cls(opens=time(h1, m1), closes=closes, zone=tz)

    def contains(self, moment: datetime) -> bool:
        clock = moment.astimezone(self.zone).time()
        if self.opens < self.closes:
            return self.opens <= clock < self.closes
        return clock >= self.opens or clock < self.closes

    def next_opening(self, moment: datetime) -> datetime:
        """The first time at or after `moment` that the window is open (an opening in the hour
        a spring change skips comes that much later)."""
        moment = moment.astimezone(UTC)
        if self.contains(moment):
            return moment
        return _next_instant(moment, self.opens, self.zone)

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}-{self.closes:%H:%M} {self.zone.key}"


def at_time_of_day(moment: datetime, clock: time, zone: str) -> datetime:
    """The first `clock` o'clock in `zone` at or after `moment` (a step's "send at")."""
    return _next_instant(moment.astimezone(UTC), clock, ZoneInfo(zone))


def _next_instant(moment: datetime, clock: time, zone: ZoneInfo) -> datetime:
    """The first instant at or after `moment` (UTC) when the wall clock in `zone` shows `clock`."""
    day = moment.astimezone(zone).date()
    for offset in range(3):  # a day more for zones whose changes move the date
        for instant in _instants(day + timedelta(days=offset), clock, zone):
            if instant >= moment:
                return instant
    raise AssertionError(f"{clock} never comes in {zone.key}")


def _instants(day: date, clock: time, zone: ZoneInfo) -> list[datetime]:
    """When the wall clock in `zone` shows `clock` on `day`, in UTC and in order: twice in an
    hour a change repeats; a time a change skips is taken as that much later (02:30 -> 03:30)."""
    wall = datetime.combine(day, clock)
    shown = set()
    for fold in (0, 1):
        instant = wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) == wall:
            shown.add(instant)
    return sorted(shown) or [wall.replace(tzinfo=zone).astimezone(UTC)]


@dataclass(frozen=True)
class FrequencyCap:
    """At most `per_day` step mails in any 24 hours and `per_week` in any 7 days; 0 = no cap."""

    per_day: int = 0
    per_week: int = 0

    def __bool__(self) -> bool:
        return bool(self.per_day or self.per_week)

    def __str__(self) -> str:
        limits = [(self.per_day, "a day"), (self.per_week, "a week")]
        return ", ".join(f"{limit} {span}" for limit, span in limits if limit)

    def next_allowed(self, sent_at: Iterable[datetime], now: datetime) -> datetime | None:
        """None when one more mail fits now; else when it will, given the customer's sends.

        Spans are elapsed time, counted in UTC (a datetime in a zone with daylight saving
        would add a day to the wall clock: 23 or 25 hours across a clock change).
        """
        now = now.astimezone(UTC)
        recent = sorted((t.astimezone(UTC) for t in sent_at), reverse=True)
        waits = []
        for limit, span in ((self.per_day, timedelta(days=1)), (self.per_week, timedelta(days=7))):
            in_span = [t for t in recent if t > now - span]
            if limit and len(in_span) >= limit:
                # Room for one more once the limit-th most recent send leaves the span.
                waits.append(in_span[limit - 1] + span)
        return max(waits) if waits else None
