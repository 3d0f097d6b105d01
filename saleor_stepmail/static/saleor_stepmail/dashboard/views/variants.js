// A step's A/B variants: each with its weight and texts (empty texts fall back to the step's),
// added, saved and deleted here; "promote" makes one the winner for every mail still waiting.

import { h, replace } from "../dom.js";
import { field, showErrors } from "../forms.js";
import { t } from "../i18n.js";
import { STEP_EDIT, VARIANT_CREATE, VARIANT_DELETE, VARIANT_PROMOTE, VARIANT_UPDATE } from "../queries.js";

const TEXTS = [["subjectTemplate", "subject", "input"], ["htmlTemplate", "htmlBody", "textarea"], ["textTemplate", "textBody", "textarea"]];

function variantForm(ctx, step, variant, onChange) {
  const prefix = `variant-${variant ? variant.name : "new"}`;
  const formError = h("p", { class: "form-error", role: "alert" });
  const status = h("p", { class: "status-message", role: "status" });
  const form = h("form", { class: "variant-form", novalidate: true, "data-variant": variant ? variant.name : "" },
    field("name", t("name"), { value: variant ? variant.name : "", required: true }, { prefix }),
    field("weight", t("weight"), { type: "number", min: 1, value: String(variant ? variant.weight : 1) }, { prefix }),
    TEXTS.map(([name, label, tag]) => field(name, t(label), h(tag, { rows: 4, value: variant ? variant[name] : "", spellcheck: "false" }), { prefix })),
    formError,
  );
  const input = () => ({
    name: form.elements.name.value.trim(), weight: Number(form.elements.weight.value),
    ...Object.fromEntries(TEXTS.map(([name]) => [name, form.elements[name].value])),
  });
  const buttons = h("div", { class: "actions" });
  if (variant) {
    const promote = h("button", { type: "button", "data-action": "promote" }, step.winningVariant && step.winningVariant.id === variant.id ? t("winner") : t("promote"));
    promote.disabled = Boolean(step.winningVariant && step.winningVariant.id === variant.id);
    promote.addEventListener("click", async () => {
      if (!window.confirm(t("promoteConfirm", { v: variant.name }))) return;
      const result = await ctx.api.mutate(VARIANT_PROMOTE, { id: variant.id }, "stepmailVariantPromote");
      showErrors(form, formError, result.errors);
      if (!result.errors.length) onChange(t("promoted", { v: variant.name, n: result.changed }));
    });
    const remove = h("button", { type: "button", class: "danger", "data-action": "delete" }, t("delete"));
    remove.addEventListener("click", async () => {
      if (!window.confirm(t("deleteVariantConfirm", { v: variant.name }))) return;
      const result = await ctx.api.mutate(VARIANT_DELETE, { id: variant.id }, "stepmailVariantDelete");
      showErrors(form, formError, result.errors);
      if (!result.errors.length) onChange("");
    });
    buttons.append(h("button", { type: "submit", class: "primary" }, t("save")), promote, remove, status);
  } else {
    buttons.append(h("button", { type: "submit", class: "primary" }, t("addVariant")), status);
  }
  form.append(buttons);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = variant
      ? await ctx.api.mutate(VARIANT_UPDATE, { id: variant.id, input: input() }, "stepmailVariantUpdate")
      : await ctx.api.mutate(VARIANT_CREATE, { step: step.id, input: input() }, "stepmailVariantCreate");
    showErrors(form, formError, result.errors);
    if (result.errors.length) status.textContent = t("fixErrors");
    else if (variant) status.textContent = t("saved");
    else onChange("");
  });
  return form;
}

export function variantsEditor(ctx, step) {
  const section = h("section", { class: "card variants-editor", "aria-labelledby": "variants-title" });
  const render = (message) => {
    replace(
      section,
      h("h2", { id: "variants-title" }, t("variants")),
      h("p", { class: "hint" }, t("variantsHint")),
      message ? h("p", { class: "status-message", role: "status" }, message) : null,
      step.variants.map((v) => h("details", { class: "variant", open: false }, h("summary", {}, `${v.name} · ${t("weight")} ${v.weight}`), variantForm(ctx, step, v, reload))),
      h("details", { class: "variant new" }, h("summary", {}, t("addVariant")), variantForm(ctx, step, null, reload)),
    );
  };
  // After a change the step is read again, so weights and the winner show as the API has them.
  const reload = async (message) => {
    const data = await ctx.api.query(STEP_EDIT, { id: step.scenarioId });
    Object.assign(step, data.stepmailScenario.steps.find((s) => s.id === step.id));
    render(message);
  };
  render("");
  return section;
}
