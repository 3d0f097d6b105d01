// The condition builder: rows of fact (with its label), operator and typed value, chosen from
// the facts catalogue; never typed as JSON.
import { Box, Button } from "@saleor/macaw-ui";

import { ErrorSlot, NativeSelect } from "../../components/forms";
import { type MessageKey, useT } from "../../i18n";
import { type Condition, type Fact, readValue, valueKind, valueText } from "./conditions";

export function ConditionBuilder({ facts, value, onChange, error }: { facts: Fact[]; value: Condition[]; onChange: (v: Condition[]) => void; error?: string }) {
  const { t, label } = useT();
  const byName = new Map(facts.map((f) => [f.name, f]));
  const factOptions: [string, string][] = facts.map((f) => [f.name, label("fact", f.name)]);
  const update = (i: number, next: Condition) => onChange(value.map((c, j) => (j === i ? next : c)));
  return (
    <fieldset className="conditions-field">
      <legend>{t("conditions")}</legend>
      <div className="condition-builder">
        <ol className="conditions">
          {value.map((condition, i) => {
            const fact = byName.get(condition.fact);
            const kind = valueKind(fact, condition.op);
            return (
              <li className="condition" key={i}>
                <NativeSelect
                  className="condition-fact"
                  label={t("fact")}
                  value={condition.fact}
                  options={factOptions}
                  onChange={(name) => {
                    const next = byName.get(name);
                    update(i, { fact: name, op: next?.operators[0] ?? "eq", value: "" });
                  }}
                />
                <NativeSelect
                  className="condition-op"
                  label={t("operator")}
                  value={condition.op}
                  options={(fact?.operators ?? []).map((o) => [o, t(`op_${o}` as MessageKey)])}
                  onChange={(op) => update(i, { ...condition, op, value: valueKind(fact, op) === "bool" ? true : condition.value })}
                />
                {kind === "bool" ? (
                  <NativeSelect
                    className="condition-value"
                    label={t("conditionValue")}
                    value={condition.value === false ? "false" : "true"}
                    options={[
                      ["true", condition.op === "exists" ? t("present") : t("yes")],
                      ["false", condition.op === "exists" ? t("absent") : t("no")],
                    ]}
                    onChange={(v) => update(i, { ...condition, value: v === "true" })}
                  />
                ) : (
                  <input
                    className="condition-value"
                    aria-label={t("conditionValue")}
                    type={kind}
                    value={valueText(condition.value)}
                    placeholder={kind === "text" && Array.isArray(condition.value) ? t("commaSeparated") : ""}
                    onChange={(e) => update(i, { ...condition, value: readValue(fact, condition.op, e.target.value) })}
                  />
                )}
                <Button type="button" variant="tertiary" size="small" className="remove" aria-label={t("removeCondition")} onClick={() => onChange(value.filter((_, j) => j !== i))}>
                  ×
                </Button>
              </li>
            );
          })}
        </ol>
        <Button
          type="button"
          variant="secondary"
          size="small"
          className="add-condition"
          onClick={() => facts.length && onChange([...value, { fact: facts[0].name, op: facts[0].operators[0], value: "" }])}
        >
          {t("addCondition")}
        </Button>
      </div>
      <ErrorSlot id="step-conditions" name="conditions" error={error} />
      <details className="facts">
        <summary>{t("facts")}</summary>
        <Box className="scroll">
          <table>
            <thead>
              <tr>
                {(["factsCol.fact", "factsCol.type", "factsCol.operators", "factsCol.from"] as const).map((c) => (
                  <th key={c}>{t(c)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {facts.map((f) => (
                <tr key={f.name} data-fact={f.name}>
                  <td>
                    {label("fact", f.name)} <code>{f.name}</code>
                  </td>
                  <td>{label("factType", f.type)}</td>
                  <td>{f.operators.map((o) => t(`op_${o}` as MessageKey)).join(" ")}</td>
                  <td>{f.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Box>
      </details>
    </fieldset>
  );
}
