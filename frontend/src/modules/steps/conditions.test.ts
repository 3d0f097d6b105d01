import { describe, expect, it } from "vitest";

import { type Fact, readValue, valueKind } from "./conditions";

const ORDERS: Fact = { name: "customer.orders_count", type: "number", source: "", operators: ["eq", "gte", "in"] };
const BLOCKED: Fact = { name: "line.blocked", type: "bool", source: "", operators: ["eq", "exists"] };

describe("a condition's value as the builder reads it", () => {
  it("types numbers and splits lists", () => {
    expect(readValue(ORDERS, "gte", " 3 ")).toBe(3);
    expect(readValue(ORDERS, "in", "1, 2,,3")).toEqual([1, 2, 3]);
    expect(valueKind(ORDERS, "gte")).toBe("number");
    expect(valueKind(ORDERS, "in")).toBe("text");
  });

  it("offers yes/no for booleans and for exists", () => {
    expect(valueKind(BLOCKED, "eq")).toBe("bool");
    expect(valueKind(ORDERS, "exists")).toBe("bool");
    expect(readValue(BLOCKED, "eq", "false")).toBe(false);
  });
});
