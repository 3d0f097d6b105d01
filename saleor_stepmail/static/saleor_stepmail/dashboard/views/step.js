// The step editor: everything a step holds (timing, channel and its settings, conditions built
// from the facts catalogue, END/MOVE branches, voucher, active or not), subject and bodies with a
// live preview (stepmailStepPreview with the draft), A/B variants, a test send, and saving with
// the API's errors shown next to their fields. A LINE step has no HTML body and no test send;
// its preview is the chat bubble the customer gets (text, image, buttons).

import { conditionBuilder } from "../conditions.js";
import { debounce, h } from "../dom.js";
import { enumValues, field, labelled, select, showErrors } from "../forms.js";
import { t } from "../i18n.js";
import { FACTS, SCENARIOS, STEP_EDIT, STEP_PREVIEW, STEP_SEND_TEST, STEP_UPDATE } from "../queries.js";
import { variantsEditor } from "./variants.js";

// What a step holds besides its texts: when, on which channel, under which conditions, and what
// it does (send, end the scenario, move the customer to another scenario).
const TIMING = [
  ["delayDays", "delayDays"], ["delayHours", "delayHours"], ["delayMinutes", "delayMinutes"],
];
const TEXTS = [
  { name: "subjectTemplate", label: "subject", tag: "input" },
  { name: "htmlTemplate", label: "htmlBody", tag: "textarea", rows: 10 },
  { name: "textTemplate", label: "textBody", tag: "textarea", rows: 6 },
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

const LINE = "LINE";
// A LINE step: the subject is the notification text, the text body the message; no HTML.
const LINE_LABELS = { subjectTemplate: "lineAltText", textTemplate: "lineText" };

function textsFor(step) {
  if (step.channel !== LINE) return TEXTS;
  return TEXTS.filter((f) => f.name !== "htmlTemplate").map((f) => ({ ...f, label: LINE_LABELS[f.name] || f.label }));
}

function textField(spec, value) {
  return field(spec.name, t(spec.label), h(spec.tag, { rows: spec.rows, value: String(value ?? ""), spellcheck: "false" }), { prefix: "step" });
}

function voucherFields(voucher) {
  const current = voucher ? JSON.parse(voucher) || {} : {};
  return h("fieldset", { class: "voucher" },
    h("legend", {}, t("voucher")),
    field("voucherId", t("voucherId"), { value: current.voucherId || "", placeholder: "Vm91Y2hlcjox" }, { prefix: "step", hint: t("voucherHint") }),
    field("validDays", t("validDays"), { type: "number", min: 1, max: 365, value: String(current.validDays || 14) }, { prefix: "step" }),
    h("p", { class: "field-error", "data-field": "voucher", "aria-live": "polite" }),
  );
}

function voucherValue(form) {
  const id = form.elements.voucherId.value.trim();
  return id ? JSON.stringify({ voucherId: id, validDays: Number(form.elements.validDays.value) }) : null;
}

function settingsFields(step, scenarios, facts, options) {
  return [
    field("name", t("name"), { value: step.name }, { prefix: "step" }),
    h("div", { class: "timing" }, TIMING.map(([name, label]) =>
      field(name, t(label), { type: "number", min: 0, value: String(step[name] ?? 0) }, { prefix: "step" }))),
    field("sendAt", t("sendAt"), { type: "time", value: step.sendAt || "" }, { prefix: "step", hint: t("sendAtHint") }),
    field("delayFact", t("delayFact"), select("delayFact", [["", t("none")], ...facts.filter((f) => f.type === "number" || f.type === "date").map((f) => [f.name, f.name])], step.delayFact), { prefix: "step", hint: t("delayFactHint") }),
    field("delayFactOffsetDays", t("delayFactOffsetDays"), { type: "number", value: String(step.delayFactOffsetDays || 0) }, { prefix: "step" }),
    field("channel", t("channel"), select("channel", labelled(options.channels), step.channel), { prefix: "step" }),
    field("channelConfig", t("channelConfig"), h("textarea", { rows: 3, value: step.channelConfig || "{}", spellcheck: "false" }), { prefix: "step", hint: t("channelConfigHint") }),
    field("action", t("action"), select("action", labelled(options.actions), step.action), { prefix: "step", hint: t("actionHint") }),
    field("moveTo", t("moveTo"), select("moveTo", [["", t("none")], ...scenarios.map((s) => [s.id, s.name])], step.moveTo ? step.moveTo.id : ""), { prefix: "step" }),
    h("div", { class: "field check" }, h("label", {}, h("input", { type: "checkbox", name: "isActive", checked: step.isActive }), t("stepActive")),
      h("p", { class: "hint" }, t("stepActiveHint"))),
    h("fieldset", { class: "conditions-field" }, h("legend", {}, t("conditions")),
      conditionBuilder(facts, step.conditions),
      h("p", { class: "field-error", id: "step-conditions-error", "data-field": "conditions", "aria-live": "polite" }),
      factsReference(facts)),
    voucherFields(step.voucher),
  ];
}

function settingsInput(form) {
  const number = (name) => Number(form.elements[name].value || 0);
  return {
    name: form.elements.name.value,
    delayDays: number("delayDays"), delayHours: number("delayHours"), delayMinutes: number("delayMinutes"),
    sendAt: form.elements.sendAt.value || null,
    delayFact: form.elements.delayFact.value,
    delayFactOffsetDays: number("delayFactOffsetDays"),
    channel: form.elements.channel.value,
    channelConfig: form.elements.channelConfig.value,
    action: form.elements.action.value,
    moveTo: form.elements.moveTo.value || null,
    isActive: form.elements.isActive.checked,
    conditions: form.elements.conditions.value,
    voucher: voucherValue(form),
  };
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

function channelConfig(step) {
  try {
    return JSON.parse(step.channelConfig || "{}") || {};
  } catch {
    return {};
  }
}

function linePreviewPane(config) {
  const notification = h("p", { class: "preview-subject line-notification", id: "preview-subject" });
  const chat = h("div", { class: "line-chat", role: "log", "aria-label": t("lineChat") });
  const note = h("p", { class: "muted" });
  const pane = h("section", { class: "card preview", "aria-labelledby": "preview-title" },
    h("h2", { id: "preview-title" }, t("preview")), note, notification, chat);
  return {
    pane,
    show(preview) {
      notification.textContent = preview.subject;
      const bubbles = [h("div", { class: "line-bubble line-text", id: "preview-line-text" }, preview.text)];
      if (config.image_url) {
        bubbles.push(h("img", { class: "line-bubble line-image", src: config.image_url, alt: "", referrerpolicy: "no-referrer" }));
      }
      if (Array.isArray(config.buttons) && config.buttons.length) {
        bubbles.push(h("div", { class: "line-bubble line-buttons" },
          h("p", {}, preview.subject),
          config.buttons.map((b) => h("span", { class: "line-button", title: b.url }, b.label))));
      }
      chat.replaceChildren(...bubbles);
      note.textContent = preview.sample ? t("previewSample") : "";
    },
  };
}

export async function renderStep(ctx, main, scenarioId, stepId) {
  const [{ stepmailScenario: scenario }, { stepmailFacts: facts }, { stepmailScenarios }, channels, actions] = await Promise.all([
    ctx.api.query(STEP_EDIT, { id: scenarioId }), ctx.api.query(FACTS, {}), ctx.api.query(SCENARIOS),
    enumValues(ctx.api, "StepmailChannelKind"), enumValues(ctx.api, "StepmailStepAction"),
  ]);
  const step = scenario && scenario.steps.find((s) => s.id === stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  const texts = textsFor(step);
  step.scenarioId = scenarioId;
  const others = stepmailScenarios.edges.map((e) => e.node).filter((s) => s.id !== scenarioId);
  const status = h("p", { class: "status-message", role: "status" });
  const formError = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "card editor", novalidate: true, "aria-labelledby": "editor-title" },
    h("h1", { id: "editor-title" }, t("editStep", { n: step.position + 1 })),
    settingsFields(step, others, facts, { channels, actions }),
    texts.map((spec) => textField(spec, step[spec.name])),
    formError,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("save")), status),
  );
  const preview = step.channel === LINE ? linePreviewPane(channelConfig(step)) : previewPane();
  const draft = () => Object.fromEntries(texts.map((f) => [f.name, form.elements[f.name].value]));

  const refreshPreview = async () => {
    const result = await ctx.api.mutate(STEP_PREVIEW, { id: stepId, draft: draft() }, "stepmailStepPreview");
    showErrors(form, formError, result.errors);
    if (!result.errors.length) preview.show(result.preview);
  };
  form.addEventListener("input", debounce((event) => {
    if (texts.some((f) => f.name === event.target.name)) refreshPreview().catch((e) => (formError.textContent = e.message));
  }, 350));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    const input = { ...draft(), ...settingsInput(form) };
    const result = await ctx.api.mutate(STEP_UPDATE, { id: stepId, input }, "stepmailStepUpdate");
    showErrors(form, formError, result.errors);
    status.textContent = result.errors.length ? t("fixErrors") : t("saved");
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

  const testing = step.channel === LINE ? h("p", { class: "card muted line-no-test" }, t("lineNoTest")) : testForm;
  main.replaceChildren(
    h("a", { href: `#/scenarios/${encodeURIComponent(scenarioId)}`, class: "back" }, `← ${scenario.name}`),
    h("div", { class: "editor-layout" }, h("div", {}, form, testing), h("div", {}, preview.pane, variantsEditor(ctx, step))),
  );
  await refreshPreview();
}
