// The step editor: subject and bodies with a live preview (stepmailStepPreview with the draft),
// a test send, and saving with the API's errors shown next to their fields.

import { debounce, h } from "../dom.js";
import { t } from "../i18n.js";
import { FACTS, SCENARIO, STEP_PREVIEW, STEP_SEND_TEST, STEP_UPDATE } from "../queries.js";

const FIELDS = [
  { name: "name", label: "name", tag: "input" },
  { name: "delayDays", label: "delayDays", tag: "input", type: "number" },
  { name: "subjectTemplate", label: "subject", tag: "input", draft: true },
  { name: "htmlTemplate", label: "htmlBody", tag: "textarea", draft: true, rows: 10 },
  { name: "textTemplate", label: "textBody", tag: "textarea", draft: true, rows: 6 },
  { name: "conditions", label: "conditions", tag: "textarea", rows: 4 },
];

// The condition editor's reference: the catalogue of facts, with each type's operators.
function factsReference(facts) {
  return h("details", { class: "facts" },
    h("summary", {}, t("facts")),
    h("table", {},
      h("thead", {}, h("tr", {}, ["fact", "type", "operators", "from"].map((c) => h("th", {}, c)))),
      h("tbody", {}, facts.map((f) => h("tr", { "data-fact": f.name },
        h("td", {}, h("code", {}, f.name)), h("td", {}, f.type),
        h("td", {}, f.operators.join(" ")), h("td", {}, f.source)))),
    ),
  );
}

function field(spec, value) {
  const id = `step-${spec.name}`;
  const control = h(spec.tag, {
    id, name: spec.name, type: spec.type, rows: spec.rows, min: spec.type === "number" ? 0 : null,
    value: String(value ?? ""), "aria-describedby": `${id}-error`, spellcheck: spec.draft ? "false" : null,
  });
  return h("div", { class: "field" },
    h("label", { for: id }, t(spec.label)),
    control,
    h("p", { class: "field-error", id: `${id}-error`, "data-field": spec.name, "aria-live": "polite" }),
  );
}

function showErrors(form, formError, errors) {
  for (const slot of form.querySelectorAll(".field-error")) {
    slot.textContent = "";
    const control = form.elements[slot.dataset.field];
    if (control) control.removeAttribute("aria-invalid");
  }
  const general = [];
  for (const error of errors) {
    const slot = error.field && form.querySelector(`.field-error[data-field="${error.field}"]`);
    if (slot) {
      slot.textContent = error.message;
      form.elements[error.field].setAttribute("aria-invalid", "true");
    } else {
      general.push(error.message);
    }
  }
  formError.textContent = general.join("; ");
}

function previewPane() {
  const subject = h("p", { class: "preview-subject", id: "preview-subject" });
  const frame = h("iframe", { title: t("preview"), sandbox: "", class: "preview-html", referrerpolicy: "no-referrer" });
  const text = h("pre", { class: "preview-text" });
  const note = h("p", { class: "muted" });
  const pane = h("section", { class: "card preview", "aria-labelledby": "preview-title" },
    h("h2", { id: "preview-title" }, t("preview")), note, subject, frame, text);
  return {
    pane,
    show(preview) {
      subject.textContent = preview.subject;
      frame.srcdoc = preview.html || "";
      frame.hidden = !preview.html;
      text.textContent = preview.text;
      note.textContent = preview.sample ? t("previewSample") : "";
    },
  };
}

export async function renderStep(ctx, main, scenarioId, stepId) {
  const [{ stepmailScenario: scenario }, { stepmailFacts: facts }] = await Promise.all([
    ctx.api.query(SCENARIO, { id: scenarioId }), ctx.api.query(FACTS, {}),
  ]);
  const step = scenario && scenario.steps.find((s) => s.id === stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  const status = h("p", { class: "status-message", role: "status" });
  const formError = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "card editor", novalidate: true, "aria-labelledby": "editor-title" },
    h("h1", { id: "editor-title" }, t("editStep", { n: step.position + 1 })),
    FIELDS.map((spec) => field(spec, step[spec.name])),
    factsReference(facts),
    formError,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("save")), status),
  );
  const preview = previewPane();
  const draft = () => Object.fromEntries(FIELDS.filter((f) => f.draft).map((f) => [f.name, form.elements[f.name].value]));

  const refreshPreview = async () => {
    const result = await ctx.api.mutate(STEP_PREVIEW, { id: stepId, draft: draft() }, "stepmailStepPreview");
    showErrors(form, formError, result.errors);
    if (!result.errors.length) preview.show(result.preview);
  };
  form.addEventListener("input", debounce((event) => {
    if (FIELDS.some((f) => f.draft && f.name === event.target.name)) refreshPreview().catch((e) => (formError.textContent = e.message));
  }, 350));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    const input = {
      ...draft(), name: form.elements.name.value, delayDays: Number(form.elements.delayDays.value),
      conditions: form.elements.conditions.value,
    };
    const result = await ctx.api.mutate(STEP_UPDATE, { id: stepId, input }, "stepmailStepUpdate");
    showErrors(form, formError, result.errors);
    if (result.errors.length) {
      status.textContent = t("fixErrors");
      form.querySelector("[aria-invalid=true]")?.focus();
    } else {
      status.textContent = t("saved");
    }
  });

  const testForm = h("form", { class: "card test-send", novalidate: true },
    h("label", { for: "test-to" }, t("testTo")),
    h("div", { class: "inline" },
      h("input", { id: "test-to", name: "to", type: "email", value: ctx.session.email, "aria-describedby": "test-to-error" }),
      h("button", { type: "submit" }, t("sendTest"))),
    h("p", { class: "field-error", id: "test-to-error", "data-field": "to", role: "status" }),
  );
  testForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const slot = testForm.querySelector(".field-error");
    const to = testForm.elements.to.value.trim();
    const result = await ctx.api.mutate(STEP_SEND_TEST, { id: stepId, to }, "stepmailStepSendTest");
    slot.classList.toggle("ok", !result.errors.length);
    slot.textContent = result.errors.length ? result.errors.map((e) => e.message).join("; ") : t("testSent", { to });
  });

  main.replaceChildren(
    h("a", { href: `#/scenarios/${encodeURIComponent(scenarioId)}`, class: "back" }, `← ${scenario.name}`),
    h("div", { class: "editor-layout" }, h("div", {}, form, testForm), preview.pane),
  );
  await refreshPreview();
}
