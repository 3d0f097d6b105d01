import { describe, expect, it } from "vitest";

import { dayRange, parseDay, startOfDay } from "./dates";

describe("days typed by the operator", () => {
  it("refuses a five-digit year, an impossible day and free text", () => {
    expect(parseDay("20261-01-01")).toBeNull();
    expect(parseDay("2026-02-30")).toBeNull();
    expect(parseDay("0999-01-01")).toBeNull();
    expect(parseDay("soon")).toBeNull();
    expect(parseDay("2026-02-28")).toBe("2026-02-28");
  });

  it("falls back to the last 30 days when the URL holds a day that is not one", () => {
    const now = new Date("2026-12-08T03:00:00Z");
    const range = dayRange(new URLSearchParams({ start: "20261-01-01", end: "2026-12-07" }), "Asia/Tokyo", now);
    expect(range.startDay).toBe("2026-11-09");
    expect(range.endDay).toBe("2026-12-07");
  });

  it("starts a day at midnight in the scenario's zone", () => {
    expect(startOfDay("2026-12-08", "Asia/Tokyo")).toBe("2026-12-07T15:00:00.000Z");
    expect(startOfDay("2026-07-01", "Europe/Berlin")).toBe("2026-06-30T22:00:00.000Z");
    const range = dayRange(new URLSearchParams({ start: "2026-12-01", end: "2026-12-07" }), "Asia/Tokyo");
    expect(range.end).toBe("2026-12-07T15:00:00.000Z");
  });
});
