// How the repeat-rate screen lays out the API's figures: the range it asks for, the windows
// (columns) the answer has, and a heatmap cell's shade. No figure is computed here.
import { dayIn, type DayRange, parseDay, startOfDay } from "../../lib/dates";

export interface RepeatWindow {
  days: number;
  eligible: number;
  returned: number;
  rate?: number | null;
}

const DAY_MS = 86_400_000;

// [start, end) of the first orders: the days in the URL, or the twelve months before this
// one and this month so far, in `timeZone`.
export function repeatRange(params: URLSearchParams, timeZone: string, now = new Date()): DayRange {
  const today = dayIn(now, timeZone);
  const endDay = parseDay(params.get("end")) ?? today;
  const [year, month] = today.split("-").map(Number);
  const yearAgo = new Date(Date.UTC(year, month - 13, 1));
  const startDay = parseDay(params.get("start")) ?? dayIn(yearAgo, "UTC");
  const nextDay = dayIn(new Date(new Date(`${endDay}T12:00:00Z`).getTime() + DAY_MS), "UTC");
  return { startDay, endDay, start: startOfDay(startDay, timeZone), end: startOfDay(nextDay, timeZone) };
}

// The windows of the answer, in days, shortest first: the columns of a table.
export function windowDays(rows: readonly { windows: readonly { days: number }[] }[]): number[] {
  return [...new Set(rows.flatMap((row) => row.windows.map((w) => w.days)))].sort((a, b) => a - b);
}

export interface Shade {
  empty: boolean;
  alpha: number;
  dark: boolean;
}

// A cell of the cohort heatmap: empty where the API gives no rate (nobody in the cohort is
// old enough for the window yet), otherwise shaded by its rate against the table's highest.
export function cellShade(rate: number | null | undefined, highest: number): Shade {
  if (rate === null || rate === undefined) return { empty: true, alpha: 0, dark: false };
  const strength = highest > 0 ? Math.min(1, rate / highest) : 0;
  return { empty: false, alpha: Number((0.08 + 0.8 * strength).toFixed(2)), dark: strength > 0.55 };
}

export function highestRate(rows: readonly { windows: readonly RepeatWindow[] }[]): number {
  return Math.max(0, ...rows.flatMap((row) => row.windows.map((w) => w.rate ?? 0)));
}
