// The condition builder: a step's conditions as rows of fact, operator and typed value, chosen
// from the catalogue of facts (stepmailFacts), never typed as JSON. The rows are written into a
// hidden field `conditions` (JSON), which the step editor saves as it is.

import { h } from "./dom.js";
import { t } from "./i18n.js";

const LIST_VALUED = new Set(["in", "not_in", "contains_any"]);
const INPUT_TYPE = { number: "number", money: "number", date: "date" };

function valueControl(fact, op, value) {
  if (op === "exists" || (fact && fact.type === "bool")) {
    const current = value === undefined ? true : Boolean(value);
    return h("select", { class: "condition-value", "aria-label": t("conditionValue") },
      h("option", { value: "true", selected: current }, op === "exists" ? t("present") : t("yes")),
      h("option", { value: "false", selected: !current }, op === "exists" ? t("absent") : t("no")));
  }
  const listed = LIST_VALUED.has(op);
  const text = Array.isArray(value) ? value.join(", ") : value === undefined ? "" : String(value);
  return h("input", {
    class: "condition-value", "aria-label": t("conditionValue"), value: text,
    type: listed ? "text" : INPUT_TYPE[fact && fact.type] || "text", step: fact && fact.type === "money" ? "0.01" : null,
    placeholder: listed ? t("commaSeparated") : "",
  });
}

function readValue(fact, op, control) {
  if (control.tagName === "SELECT") return control.value === "true";
  const numeric = fact && (fact.type === "number" || fact.type === "money");
  const one = (raw) => (numeric && raw !== "" && !Number.isNaN(Number(raw)) ? Number(raw) : raw);
  if (LIST_VALUED.has(op)) return control.value.split(",").map((s) => one(s.trim())).filter((v) => v !== "");
  return one(control.value.trim());
}

export function conditionBuilder(facts, json) {
  const byName = new Map(facts.map((f) => [f.name, f]));
  let initial = [];
  try {
    initial = JSON.parse(json || "[]");
  } catch {
    initial = [];
  }
  const hidden = h("input", { type: "hidden", name: "conditions" });
  const rows = h("ol", { class: "conditions" });
  const sync = () => {
    const list = [...rows.children].map((row) => row.condition());
    hidden.value = JSON.stringify(list);
  };

  const addRow = (condition = {}) => {
    const factSelect = h("select", { class: "condition-fact", "aria-label": t("fact") },
      facts.map((f) => h("option", { value: f.name, selected: f.name === condition.fact }, f.name)));
    if (!condition.fact && facts.length) condition.fact = facts[0].name;
    const opSelect = h("select", { class: "condition-op", "aria-label": t("operator") });
    const row = h("li", { class: "condition" });
    let valueInput = null;
    const fillOperators = (fact, op) => {
      opSelect.replaceChildren(...(fact ? fact.operators : []).map((o) => h("option", { value: o, selected: o === op }, t(`op_${o}`))));
    };
    const fillValue = (value) => {
      const fact = byName.get(factSelect.value);
      const next = valueControl(fact, opSelect.value, value);
      if (valueInput) valueInput.replaceWith(next);
      valueInput = next;
      return next;
    };
    fillOperators(byName.get(condition.fact), condition.op);
    const remove = h("button", { type: "button", class: "remove", "aria-label": t("removeCondition") }, "×");
    row.append(factSelect, opSelect, fillValue(condition.value), remove);
    row.condition = () => {
      const fact = byName.get(factSelect.value);
      return { fact: factSelect.value, op: opSelect.value, value: readValue(fact, opSelect.value, valueInput) };
    };
    factSelect.addEventListener("change", () => { fillOperators(byName.get(factSelect.value)); fillValue(); sync(); });
    opSelect.addEventListener("change", () => { fillValue(); sync(); });
    row.addEventListener("input", sync);
    row.addEventListener("change", sync);
    remove.addEventListener("click", () => { row.remove(); sync(); });
    rows.append(row);
    sync();
  };

  initial.forEach(addRow);
  sync();
  const add = h("button", { type: "button", class: "add-condition" }, t("addCondition"));
  add.addEventListener("click", () => addRow());
  return h("div", { class: "condition-builder" }, rows, add, hidden);
}
