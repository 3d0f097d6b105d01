// Both languages label everything, and everything the API can answer has a label: every value
// of the schema's enums, every error code; no label is left in English on the Japanese page.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import en from "./en.json";
import ja from "./ja.json";

// vitest runs in frontend/.
const SCHEMA = readFileSync(resolve(process.cwd(), "../saleor_stepmail/graphql/schema.graphql"), "utf8");

function enumValues(name: string): string[] {
  const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(SCHEMA)?.[1] ?? "";
  return body.split(/\s+/).filter(Boolean);
}

const LABELLED_ENUMS: [string, string][] = [
  ["StepmailTrigger", "trigger"],
  ["StepmailGoal", "goal"],
  ["StepmailReentryPolicy", "reentry"],
  ["StepmailScenarioStatus", "status"],
  ["StepmailStepAction", "action"],
  ["StepmailChannelKind", "channel"],
  ["StepmailDeliveryState", "delivery"],
  ["StepmailEnrollmentState", "enrollment"],
  ["StepmailDeliveryEventType", "event"],
  ["StepmailErrorCode", "error"],
  ["StepmailJobState", "job_"],
  ["StepmailCohortDimension", "cohort"],
  ["StepmailRepeatRateTable", "repeatExport_"],
];

describe("the page's labels", () => {
  it("are the same keys in English and Japanese", () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(LABELLED_ENUMS)("label every value of %s in both languages", (name, space) => {
    const values = enumValues(name);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      const key = space.endsWith("_") ? `${space}${value}` : `${space}.${value}`;
      expect(en, key).toHaveProperty([key]);
      expect(ja, key).toHaveProperty([key]);
    }
  });

  it("are Japanese on the Japanese page, but for names and symbols", () => {
    const untranslated = Object.entries(ja).filter(([key, text]) => text === en[key as keyof typeof en] && /[a-z]{3,}/.test(text));
    const NAMES = ["channel.LINE", "channel.WEBHOOK"];
    expect(untranslated.map(([key]) => key).filter((key) => !NAMES.includes(key))).toEqual([]);
  });
});
