// Days as the operator types them (yyyy-mm-dd) and ranges of them in a time zone, refusing what
// is not a calendar day of a four-digit year (a five-digit year must not blank the page).
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function parseDay(text: string | null | undefined): string | null {
  const match = DAY.exec(text ?? "");
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return text!;
}

// The calendar day of `at` in `timeZone` as yyyy-mm-dd.
export function dayIn(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

// The instant a day starts in `timeZone` (its midnight there), as an ISO string.
export function startOfDay(day: string, timeZone: string): string {
  const utcMidnight = new Date(`${day}T00:00:00Z`).getTime();
  // The zone's offset at that moment, then once more at the corrected moment (DST edges).
  let guess = utcMidnight;
  for (let i = 0; i < 2; i++) guess = utcMidnight - offsetMs(new Date(guess), timeZone);
  return new Date(guess).toISOString();
}

function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

export interface DayRange {
  startDay: string;
  endDay: string;
  start: string;
  end: string;
}

// [start, end) from the first day's midnight to the day after the last, in `timeZone`; days
// missing or not valid fall back to the last 30 days.
export function dayRange(params: URLSearchParams, timeZone: string, now = new Date()): DayRange {
  const endDay = parseDay(params.get("end")) ?? dayIn(now, timeZone);
  const startDay = parseDay(params.get("start")) ?? dayIn(new Date(now.getTime() - 29 * DAY_MS), timeZone);
  const nextDay = dayIn(new Date(new Date(`${endDay}T12:00:00Z`).getTime() + DAY_MS), "UTC");
  return { startDay, endDay, start: startOfDay(startDay, timeZone), end: startOfDay(nextDay, timeZone) };
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
