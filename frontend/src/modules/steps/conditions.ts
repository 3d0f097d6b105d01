// A step's conditions as rows of fact, operator and typed value, from the facts catalogue
// (stepmailFacts): what a row's value control is, and how its text becomes the value saved.
export interface Fact {
  name: string;
  type: string;
  source: string;
  operators: string[];
}

export interface Condition {
  fact: string;
  op: string;
  value: unknown;
}

export const LIST_VALUED = new Set(["in", "not_in", "contains_any"]);
const INPUT_TYPE: Record<string, string> = { number: "number", money: "number", date: "date" };

// "bool": a yes/no choice; otherwise an <input> of this type.
export function valueKind(fact: Fact | undefined, op: string): "bool" | string {
  if (op === "exists" || fact?.type === "bool") return "bool";
  if (LIST_VALUED.has(op)) return "text";
  return INPUT_TYPE[fact?.type ?? ""] ?? "text";
}

export function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.join(", ");
  return value === undefined || value === null ? "" : String(value);
}

export function readValue(fact: Fact | undefined, op: string, text: string): unknown {
  if (valueKind(fact, op) === "bool") return text !== "false";
  const numeric = fact?.type === "number" || fact?.type === "money";
  const one = (raw: string) => (numeric && raw !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw);
  if (LIST_VALUED.has(op)) return text.split(",").map((s) => one(s.trim())).filter((v) => v !== "");
  return one(text.trim());
}

export function parseConditions(json: string): Condition[] {
  try {
    const parsed = JSON.parse(json || "[]");
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
