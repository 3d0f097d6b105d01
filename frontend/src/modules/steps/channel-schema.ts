// A channel's settings form, generated from its config_schema (stepmailChannelKinds): the fields,
// the checks each field's limits imply (so that a mistake shows at the field before saving), and
// the object saved as the step's channelConfig.
export interface FieldSchema {
  type: "string" | "number" | "integer" | "boolean" | "array" | "object";
  label?: Record<string, string>;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxItems?: number;
  writeOnly?: boolean;
  items?: ObjectSchema;
}

export interface ObjectSchema {
  type: "object";
  properties: Record<string, FieldSchema>;
  required?: string[];
}

export type ConfigValue = Record<string, unknown>;

export type Problem = { key: string; values?: Record<string, string | number> };

export function parseSchema(json: string): ObjectSchema {
  const parsed = JSON.parse(json);
  return { type: "object", properties: parsed.properties ?? {}, required: parsed.required ?? [] };
}

export function fieldLabel(name: string, field: FieldSchema, language: string): string {
  return field.label?.[language] ?? field.label?.en ?? name;
}

// What is wrong with one value, as a message key and its values; null when it is fine.
export function fieldProblem(field: FieldSchema, value: unknown, required: boolean): Problem | null {
  const empty = value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length);
  if (empty) return required ? { key: "fieldRequired" } : null;
  if (field.type === "number" || field.type === "integer") {
    const n = Number(value);
    if (Number.isNaN(n)) return { key: "fieldNumber" };
    if (field.maximum !== undefined && n > field.maximum) return { key: "fieldMax", values: { n: field.maximum } };
    if (field.minimum !== undefined && n < field.minimum) return { key: "fieldMin", values: { n: field.minimum } };
    if (field.exclusiveMinimum !== undefined && n <= field.exclusiveMinimum) return { key: "fieldAbove", values: { n: field.exclusiveMinimum } };
    return null;
  }
  if (field.type === "array") {
    if (field.maxItems !== undefined && (value as unknown[]).length > field.maxItems) return { key: "fieldTooMany", values: { n: field.maxItems } };
    return null;
  }
  const text = String(value);
  if (field.maxLength !== undefined && text.length > field.maxLength) return { key: "fieldTooLong", values: { n: field.maxLength } };
  if (field.minLength !== undefined && text.length < field.minLength) return { key: "fieldTooShort", values: { n: field.minLength } };
  if (field.format === "uri") {
    // A URL's pattern is its scheme ("^https://", "^https?://"), shown as "http(s)://".
    const scheme = (field.pattern ?? "^https?://").replace(/^\^/, "").replace("s?", "(s)");
    let valid = true;
    try {
      new URL(text);
    } catch {
      valid = false;
    }
    if (!valid || (field.pattern && !new RegExp(field.pattern).test(text))) return { key: "fieldUrl", values: { p: scheme } };
    return null;
  }
  if (field.pattern && !new RegExp(field.pattern).test(text)) return { key: "fieldPattern", values: { p: field.pattern } };
  return null;
}

// Every problem of a config, keyed by the field's path ("url", "buttons.0.label").
export function configProblems(schema: ObjectSchema, config: ConfigValue, keptSecret = false): Record<string, Problem> {
  const problems: Record<string, Problem> = {};
  for (const [name, field] of Object.entries(schema.properties)) {
    const value = config[name];
    // A write-only value the API keeps is not shown, so an empty field leaves it as it is.
    const required = (schema.required ?? []).includes(name) && !(field.writeOnly && keptSecret);
    const problem = fieldProblem(field, value, required);
    if (problem) problems[name] = problem;
    if (field.type === "array" && field.items && Array.isArray(value)) {
      value.forEach((item, i) => {
        Object.assign(
          problems,
          Object.fromEntries(Object.entries(configProblems(field.items!, item as ConfigValue)).map(([k, p]) => [`${name}.${i}.${k}`, p])),
        );
      });
    }
  }
  return problems;
}

// The config as saved: empty values left out, numbers as numbers.
export function configToSave(schema: ObjectSchema, config: ConfigValue): ConfigValue {
  const saved: ConfigValue = {};
  for (const [name, field] of Object.entries(schema.properties)) {
    const value = config[name];
    if (value === undefined || value === null || value === "") continue;
    if (field.type === "number" || field.type === "integer") saved[name] = Number(value);
    else if (field.type === "array" && field.items) {
      if ((value as unknown[]).length) saved[name] = (value as ConfigValue[]).map((item) => configToSave(field.items!, item));
    } else saved[name] = value;
  }
  return saved;
}

// The stored config shown in the form, with each field's default where it has none.
export function configInitial(schema: ObjectSchema, stored: ConfigValue): ConfigValue {
  const initial: ConfigValue = {};
  for (const [name, field] of Object.entries(schema.properties)) {
    initial[name] = stored[name] ?? field.default ?? (field.type === "array" ? [] : "");
  }
  return initial;
}
