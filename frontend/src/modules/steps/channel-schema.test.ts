import { describe, expect, it } from "vitest";

import { configInitial, configProblems, configToSave, parseSchema } from "./channel-schema";

// The webhook's and LINE's schemas as the API describes them (engine/channels/).
const WEBHOOK = parseSchema(
  JSON.stringify({
    type: "object",
    properties: {
      url: { type: "string", format: "uri", pattern: "^https?://" },
      secret: { type: "string", minLength: 16, writeOnly: true },
      timeout: { type: "number", exclusiveMinimum: 0, maximum: 30, default: 10 },
    },
    required: ["url", "secret"],
  }),
);
const LINE = parseSchema(
  JSON.stringify({
    type: "object",
    properties: {
      buttons: {
        type: "array",
        maxItems: 2,
        items: { type: "object", properties: { label: { type: "string", minLength: 1 }, url: { type: "string", format: "uri" } }, required: ["label", "url"] },
      },
    },
  }),
);

describe("a channel's settings form from its schema", () => {
  it("shows each mistake at its field before anything is sent", () => {
    const problems = configProblems(WEBHOOK, { url: "ftp://x", secret: "short", timeout: "99" });
    expect(Object.keys(problems).sort()).toEqual(["secret", "timeout", "url"]);
    expect(problems.timeout).toEqual({ key: "fieldMax", values: { n: 30 } });
    expect(problems.secret.key).toBe("fieldTooShort");
    expect(problems.url).toEqual({ key: "fieldUrl", values: { p: "http(s)://" } });
  });

  it("leaves a stored secret alone when its field is left empty", () => {
    expect(configProblems(WEBHOOK, { url: "https://crm.example/hook", secret: "" }, true)).toEqual({});
    expect(configProblems(WEBHOOK, { url: "https://crm.example/hook", secret: "" }, false).secret.key).toBe("fieldRequired");
  });

  it("checks every row of a list and the list's length", () => {
    const problems = configProblems(LINE, { buttons: [{ label: "", url: "https://shop.example/" }, { label: "B", url: "x" }, {}] });
    expect(problems.buttons.key).toBe("fieldTooMany");
    expect(problems["buttons.0.label"].key).toBe("fieldRequired");
    expect(problems["buttons.1.url"]).toEqual({ key: "fieldUrl", values: { p: "http(s)://" } });
  });

  it("saves numbers as numbers and leaves empty fields out", () => {
    const shown = configInitial(WEBHOOK, { url: "https://crm.example/hook" });
    expect(shown.timeout).toBe(10);
    expect(configToSave(WEBHOOK, { ...shown, timeout: "5", secret: "" })).toEqual({ url: "https://crm.example/hook", timeout: 5 });
  });
});
