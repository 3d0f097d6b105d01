// Creating and setting up a scenario. From a preset (its steps shown first) or blank; a new
// scenario starts paused, so its mails can be read in the step editor before it is activated.
// The settings page edits channels, trigger, goals, re-entry, holdout and time zone, and pauses,
// activates or deletes the scenario.

import { h } from "../dom.js";
import { enumValues, field, labelled, select, selected, showErrors } from "../forms.js";
import { language, t } from "../i18n.js";
import {
  CHANNELS, PRESETS, SCENARIO_ACTIVATE, SCENARIO_CREATE, SCENARIO_CREATE_FROM_PRESET, SCENARIO_DELETE,
  SCENARIO_PAUSE, SCENARIO_SETTINGS, SCENARIO_UPDATE,
} from "../queries.js";

const scenarioUrl = (id) => `#/scenarios/${encodeURIComponent(id)}`;

// Saleor's channels as a multiple choice; outside Saleor (no list) slugs typed, comma separated.
function channelsControl(channels, value) {
  if (channels === null) {
    return h("input", { name: "channels", value: value.join(", "), placeholder: "default-channel" });
  }
  return select("channels", channels.map((c) => [c, c]), value, { multiple: true });
}

function channelsValue(form) {
  const control = form.elements.channels;
  if (control.tagName === "SELECT") return selected(control);
  return control.value.split(",").map((s) => s.trim()).filter(Boolean);
}

function presetCard(ctx, preset, channels) {
  const formError = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "card preset", "data-preset": preset.slug, novalidate: true },
    h("h2", {}, preset.name),
    h("p", { class: "muted" }, t(preset.trigger)),
    h("ol", { class: "preset-steps", "aria-label": t("steps") },
      preset.steps.map((s) => h("li", {}, h("span", { class: "day" }, t("day", { n: s.delayDays })), " ", s.name))),
    field("language", t("mailLanguage"), select("language", [["JA", "日本語"], ["EN", "English"]], language() === "ja" ? "JA" : "EN"), { prefix: preset.slug }),
    field("slug", t("slug"), { placeholder: preset.slug }, { prefix: preset.slug, hint: t("presetSlugHint") }),
    field("channels", t("channels"), channelsControl(channels, []), { prefix: preset.slug, hint: t("channelsHint") }),
    formError,
    h("button", { type: "submit", class: "primary" }, t("createFromPreset")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = {
      preset: preset.slug, language: form.elements.language.value, channels: channelsValue(form),
      slug: form.elements.slug.value.trim() || null,
    };
    const result = await ctx.api.mutate(SCENARIO_CREATE_FROM_PRESET, { input }, "stepmailScenarioCreateFromPreset");
    showErrors(form, formError, result.errors);
    if (!result.errors.length) ctx.navigate(scenarioUrl(result.scenario.id));
  });
  return form;
}

async function choices(ctx) {
  const [triggers, goals, reentry, channels] = await Promise.all([
    enumValues(ctx.api, "StepmailTrigger"),
    enumValues(ctx.api, "StepmailGoal"),
    enumValues(ctx.api, "StepmailReentryPolicy"),
    ctx.api.query(CHANNELS).then((d) => d.stepmailChannels),
  ]);
  return { triggers, goals, reentry, channels };
}

function settingsForm(options, scenario, submitLabel) {
  return h("form", { class: "card editor scenario-settings", novalidate: true },
    field("name", t("name"), { value: scenario.name, required: true }),
    field("slug", t("slug"), { value: scenario.slug, pattern: "[a-z0-9-]+" }, { hint: t("slugHint") }),
    field("trigger", t("trigger"), select("trigger", labelled(options.triggers), scenario.trigger)),
    field("goals", t("goals"), select("goals", labelled(options.goals), scenario.goals, { multiple: true }), { hint: t("goalsHint") }),
    field("channels", t("channels"), channelsControl(options.channels, scenario.channels), { hint: t("channelsHint") }),
    field("reentry", t("reentry"), select("reentry", labelled(options.reentry), scenario.reentry)),
    field("holdoutPercent", t("holdoutPercent"), { type: "number", min: 0, max: 50, value: String(scenario.holdoutPercent) }, { hint: t("holdoutHint") }),
    field("timezone", t("timezone"), { value: scenario.timezone }, { hint: "Asia/Tokyo, Europe/Berlin…" }),
    field("language", t("mailLanguage"), select("language", [["JA", "日本語"], ["EN", "English"]], scenario.language)),
    h("p", { class: "form-error", role: "alert", "data-form-error": "" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, submitLabel), h("p", { class: "status-message", role: "status" })),
  );
}

function settingsInput(form) {
  return {
    name: form.elements.name.value.trim(),
    slug: form.elements.slug.value.trim() || null,
    trigger: form.elements.trigger.value,
    goals: selected(form.elements.goals),
    channels: channelsValue(form),
    reentry: form.elements.reentry.value,
    holdoutPercent: Number(form.elements.holdoutPercent.value),
    timezone: form.elements.timezone.value.trim(),
    language: form.elements.language.value,
  };
}

export async function renderScenarioNew(ctx, main) {
  const [options, presets] = await Promise.all([choices(ctx), ctx.api.query(PRESETS, { language: language().toUpperCase() })]);
  const blank = settingsForm(options, {
    name: "", slug: "", trigger: options.triggers[0], goals: [], channels: [], reentry: options.reentry[0],
    holdoutPercent: 0, timezone: "Asia/Tokyo", language: language().toUpperCase(),
  }, t("createBlank"));
  blank.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await ctx.api.mutate(SCENARIO_CREATE, { input: settingsInput(blank) }, "stepmailScenarioCreate");
    showErrors(blank, blank.querySelector("[data-form-error]"), result.errors);
    if (!result.errors.length) ctx.navigate(scenarioUrl(result.scenario.id));
  });
  main.replaceChildren(
    h("a", { href: "#/", class: "back" }, t("back")),
    h("h1", {}, t("newScenario")),
    h("p", { class: "hint" }, t("newScenarioHint")),
    h("section", { "aria-labelledby": "presets-title" },
      h("h2", { id: "presets-title" }, t("fromPreset")),
      h("div", { class: "grid presets" }, presets.stepmailPresets.map((p) => presetCard(ctx, p, options.channels)))),
    h("section", { "aria-labelledby": "blank-title" }, h("h2", { id: "blank-title" }, t("blankScenario")), blank),
  );
}

export async function renderScenarioSettings(ctx, main, id) {
  const [options, data] = await Promise.all([choices(ctx), ctx.api.query(SCENARIO_SETTINGS, { id })]);
  const scenario = data.stepmailScenario;
  if (!scenario) throw new Error(`no scenario ${id}`);
  const form = settingsForm(options, scenario, t("save"));
  const status = form.querySelector(".status-message");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    const result = await ctx.api.mutate(SCENARIO_UPDATE, { id, input: settingsInput(form) }, "stepmailScenarioUpdate");
    showErrors(form, form.querySelector("[data-form-error]"), result.errors);
    status.textContent = result.errors.length ? t("fixErrors") : t("saved");
  });
  const lifecycleError = h("p", { class: "form-error", role: "alert" });
  const run = (document, name, after) => async () => {
    lifecycleError.textContent = "";
    const result = await ctx.api.mutate(document, { id }, name);
    if (result.errors.length) lifecycleError.textContent = result.errors.map((e) => e.message).join("; ");
    else after();
  };
  const active = scenario.status === "ACTIVE";
  const toggle = h("button", { type: "button", class: active ? "" : "primary", "data-action": active ? "pause" : "activate" }, t(active ? "pause" : "activate"));
  toggle.addEventListener("click", run(active ? SCENARIO_PAUSE : SCENARIO_ACTIVATE, active ? "stepmailScenarioPause" : "stepmailScenarioActivate",
    () => renderScenarioSettings(ctx, main, id)));
  const remove = h("button", { type: "button", class: "danger", "data-action": "delete" }, t("deleteScenario"));
  remove.addEventListener("click", () => {
    if (window.confirm(t("deleteScenarioConfirm", { s: scenario.name }))) run(SCENARIO_DELETE, "stepmailScenarioDelete", () => ctx.navigate("#/"))();
  });
  main.replaceChildren(
    h("a", { href: scenarioUrl(id), class: "back" }, `← ${scenario.name}`),
    h("header", { class: "page-header" }, h("h1", {}, t("scenarioSettings")),
      h("span", { class: `badge ${scenario.status.toLowerCase()}` }, t(scenario.status))),
    form,
    h("section", { class: "card lifecycle", "aria-labelledby": "lifecycle-title" },
      h("h2", { id: "lifecycle-title" }, t("lifecycle")),
      h("p", { class: "hint" }, t("pauseNote")),
      h("div", { class: "actions" }, toggle, remove), lifecycleError),
  );
}
