// A scenario's steps in order, day 0…N: add one, move one up or down, switch one off or on,
// delete one that has sent nothing, open one in the step editor.

import { h } from "../dom.js";
import { field, showErrors } from "../forms.js";
import { t } from "../i18n.js";
import { STEP_CREATE, STEP_DELETE, STEP_REORDER, STEP_UPDATE, STEPS } from "../queries.js";

const stepUrl = (scenarioId, stepId) => `#/scenarios/${encodeURIComponent(scenarioId)}/steps/${encodeURIComponent(stepId)}`;

function when(step) {
  const parts = [t("day", { n: step.delayDays })];
  if (step.delayHours || step.delayMinutes) parts.push(`+${step.delayHours}h${String(step.delayMinutes).padStart(2, "0")}`);
  if (step.sendAt) parts.push(`@ ${step.sendAt}`);
  return parts.join(" ");
}

export async function renderSteps(ctx, main, scenarioId) {
  const { stepmailScenario: scenario } = await ctx.api.query(STEPS, { id: scenarioId });
  if (!scenario) throw new Error(`no scenario ${scenarioId}`);
  const steps = scenario.steps;
  const message = h("p", { class: "form-error", role: "alert" });
  const again = () => renderSteps(ctx, main, scenarioId);
  const act = (document, variables, name) => async () => {
    message.textContent = "";
    const result = await ctx.api.mutate(document, variables, name);
    if (result.errors.length) message.textContent = result.errors.map((e) => e.message).join("; ");
    else await again();
  };
  const order = steps.map((s) => s.id);
  const moved = (from, to) => {
    const next = [...order];
    next.splice(to, 0, next.splice(from, 1)[0]);
    return next;
  };
  const rows = steps.map((step, index) => {
    const up = h("button", { type: "button", "data-action": "up", "aria-label": `${t("moveUp")}: ${step.name}`, disabled: index === 0 }, "↑");
    const down = h("button", { type: "button", "data-action": "down", "aria-label": `${t("moveDown")}: ${step.name}`, disabled: index === steps.length - 1 }, "↓");
    up.addEventListener("click", act(STEP_REORDER, { scenario: scenarioId, steps: moved(index, index - 1) }, "stepmailStepReorder"));
    down.addEventListener("click", act(STEP_REORDER, { scenario: scenarioId, steps: moved(index, index + 1) }, "stepmailStepReorder"));
    const toggle = h("button", { type: "button", "data-action": step.isActive ? "deactivate" : "activate" }, t(step.isActive ? "switchOff" : "switchOn"));
    toggle.addEventListener("click", act(STEP_UPDATE, { id: step.id, input: { isActive: !step.isActive } }, "stepmailStepUpdate"));
    const remove = h("button", { type: "button", class: "danger", "data-action": "delete" }, t("delete"));
    remove.addEventListener("click", () => {
      if (window.confirm(t("deleteStepConfirm", { s: step.name }))) act(STEP_DELETE, { id: step.id }, "stepmailStepDelete")();
    });
    return h("li", { class: step.isActive ? "step-row" : "step-row inactive", "data-step": step.name },
      h("span", { class: "day" }, when(step)),
      h("a", { href: stepUrl(scenarioId, step.id) }, `${step.position + 1}. ${step.name || "—"}`),
      h("span", { class: "badge" }, t(step.channel)),
      step.action !== "SEND" ? h("span", { class: "badge" }, t(step.action)) : null,
      step.isActive ? null : h("span", { class: "badge paused" }, t("inactive")),
      h("span", { class: "row-actions" }, up, down, toggle, remove),
    );
  });
  const formError = h("p", { class: "form-error", role: "alert" });
  const add = h("form", { class: "card add-step", novalidate: true },
    h("h2", {}, t("addStep")),
    h("div", { class: "inline-fields" },
      field("name", t("name"), { required: true }, { prefix: "new-step" }),
      field("delayDays", t("delayDays"), { type: "number", min: 0, value: String(steps.length ? steps[steps.length - 1].delayDays + 1 : 0) }, { prefix: "new-step" })),
    formError,
    h("button", { type: "submit", class: "primary" }, t("addStep")),
  );
  add.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = add.elements.name.value.trim();
    // A first draft to start from: the step editor shows its preview right away.
    const input = { name, delayDays: Number(add.elements.delayDays.value), subjectTemplate: name, textTemplate: t("newStepText") };
    const result = await ctx.api.mutate(STEP_CREATE, { scenario: scenarioId, input }, "stepmailStepCreate");
    showErrors(add, formError, result.errors);
    if (!result.errors.length) ctx.navigate(stepUrl(scenarioId, result.step.id));
  });
  main.replaceChildren(
    h("a", { href: `#/scenarios/${encodeURIComponent(scenarioId)}`, class: "back" }, `← ${scenario.name}`),
    h("h1", {}, t("manageSteps")),
    h("p", { class: "hint" }, t("manageStepsHint")),
    message,
    h("ol", { class: "card step-list" }, rows),
    add,
  );
}
