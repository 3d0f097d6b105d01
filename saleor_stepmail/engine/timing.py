"""When mail may go out: send windows (quiet hours), a step's time of day, frequency caps.

A mail due outside its window, or over a customer's cap, is deferred, never dropped: its
delivery goes back to `scheduled` with the time it may go, and the deferral costs no attempt.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
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
        """The first time at or after `moment` that the window is open."""
        if self.contains(moment):
            return moment
        local = moment.astimezone(self.zone)
        opening = datetime.combine(local.date(), self.opens, tzinfo=self.zone)
        if opening <= local:
            opening = datetime.combine(local.date() + timedelta(days=1), self.opens, self.zone)
        return opening

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}-{self.closes:%H:%M} {self.zone.key}"


def at_time_of_day(moment: datetime, clock: time, zone: str) -> datetime:
    """The first `clock` o'clock in `zone` at or after `moment` (a step's "send at")."""
    tz = ZoneInfo(zone)
    local = moment.astimezone(tz)
    candidate = datetime.combine(local.date(), clock, tzinfo=tz)
    if candidate < local:
        candidate = datetime.combine(local.date() + timedelta(days=1), clock, tzinfo=tz)
    return candidate


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
