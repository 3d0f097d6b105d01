import { describe, expect, it } from "vitest";

import { cellShade, highestRate, repeatRange, windowDays } from "./cohorts";

describe("the cohort heatmap", () => {
  it("leaves a cell empty where the API gives no rate (the cohort is too young)", () => {
    expect(cellShade(null, 0.4)).toEqual({ empty: true, alpha: 0, dark: false });
    expect(cellShade(undefined, 0.4).empty).toBe(true);
  });

  it("shades a zero rate lightly, not as empty", () => {
    expect(cellShade(0, 0.4)).toEqual({ empty: false, alpha: 0.08, dark: false });
  });

  it("shades the highest rate darkest, with light text on it", () => {
    expect(cellShade(0.4, 0.4)).toEqual({ empty: false, alpha: 0.88, dark: true });
    expect(cellShade(0.1, 0.4)).toEqual({ empty: false, alpha: 0.28, dark: false });
  });

  it("takes the highest rate of the table, ignoring empty cells", () => {
    const rows = [
      { windows: [{ days: 30, eligible: 10, returned: 3, rate: 0.3 }, { days: 60, eligible: 0, returned: 0, rate: null }] },
      { windows: [{ days: 30, eligible: 4, returned: 2, rate: 0.5 }] },
    ];
    expect(highestRate(rows)).toBe(0.5);
    expect(highestRate([])).toBe(0);
  });

  it("has a column for every window the API answered, shortest first", () => {
    expect(windowDays([{ windows: [{ days: 90 }, { days: 30 }] }, { windows: [{ days: 180 }, { days: 60 }] }])).toEqual([30, 60, 90, 180]);
  });
});

describe("the repeat-rate range", () => {
  it("is the twelve months before this one and this month so far, by default", () => {
    const range = repeatRange(new URLSearchParams(), "Asia/Tokyo", new Date("2026-12-08T03:00:00Z"));
    expect(range.startDay).toBe("2025-12-01");
    expect(range.endDay).toBe("2026-12-08");
    expect(range.start).toBe("2025-11-30T15:00:00.000Z");
    expect(range.end).toBe("2026-12-08T15:00:00.000Z");
  });

  it("takes the days of the URL, and refuses what is not a day", () => {
    const now = new Date("2026-01-15T12:00:00Z");
    expect(repeatRange(new URLSearchParams("start=2025-03-01&end=2025-03-31"), "UTC", now).end).toBe("2025-04-01T00:00:00.000Z");
    expect(repeatRange(new URLSearchParams("start=20251-03-01"), "UTC", now).startDay).toBe("2025-01-01");
  });
});
