// The scenario list: state, trigger, active enrolments, conversions this month; activate/pause.

import { h, replace } from "../dom.js";
import { number, t } from "../i18n.js";
import { SCENARIO_ACTIVATE, SCENARIO_PAUSE, SCENARIOS, scenarioFigures } from "../queries.js";

const FIGURES_PER_REQUEST = 20;

function monthSoFar() {
  const now = new Date();
  const start = new Date(now.getFullYear(), now.getMonth(), 1);
  return { start: start.toISOString(), end: new Date(now.getTime() + 60_000).toISOString() };
}

async function loadFigures(api, scenarios) {
  const figures = new Map();
  const range = monthSoFar();
  for (let i = 0; i < scenarios.length; i += FIGURES_PER_REQUEST) {
    const chunk = scenarios.slice(i, i + FIGURES_PER_REQUEST);
    const variables = { ...range };
    chunk.forEach((s, j) => (variables[`s${j}`] = s.id));
    const data = await api.query(scenarioFigures(chunk.length), variables);
    chunk.forEach((s, j) => {
      // No scenario row: no mail sent this month.
      const total = data[`c${j}`].find((row) => row.level === "SCENARIO");
      figures.set(s.id, { active: data[`a${j}`].totalCount, conversions: total ? total.figures.converted : 0 });
    });
  }
  return figures;
}

function statusBadge(status) {
  return h("span", { class: `badge ${status.toLowerCase()}` }, t(status));
}

function scenarioRow(ctx, scenario, figures) {
  const message = h("span", { class: "form-error", role: "alert" });
  const active = scenario.status === "ACTIVE";
  const toggle = h(
    "button",
    {
      type: "button",
      class: active ? "" : "primary",
      "aria-label": `${t(active ? "pause" : "activate")}: ${scenario.name}`,
      title: active ? t("pauseNote") : "",
    },
    t(active ? "pause" : "activate"),
  );
  const row = h(
    "tr",
    { "data-scenario": scenario.slug },
    h("th", { scope: "row", "data-label": t("name") },
      h("a", { href: `#/scenarios/${encodeURIComponent(scenario.id)}` }, scenario.name)),
    h("td", { "data-label": t("status"), class: "status" }, statusBadge(scenario.status)),
    h("td", { "data-label": t("trigger") }, t(scenario.trigger)),
    h("td", { "data-label": t("activeEnrollments"), class: "num active-enrollments" },
      figures ? number(figures.active) : "—"),
    h("td", { "data-label": t("conversionsThisMonth"), class: "num conversions" },
      figures ? number(figures.conversions) : "—"),
    h("td", { "data-label": t("actions") }, toggle, message),
  );
  toggle.addEventListener("click", async () => {
    toggle.disabled = true;
    const [document, name] = active
      ? [SCENARIO_PAUSE, "stepmailScenarioPause"]
      : [SCENARIO_ACTIVATE, "stepmailScenarioActivate"];
    try {
      const result = await ctx.api.mutate(document, { id: scenario.id }, name);
      if (result.errors.length) {
        message.textContent = result.errors.map((e) => e.message).join("; ");
        toggle.disabled = false;
        return;
      }
      row.replaceWith(scenarioRow(ctx, result.scenario, figures));
    } catch (failure) {
      message.textContent = failure.message;
      toggle.disabled = false;
    }
  });
  return row;
}

export async function renderScenarios(ctx, main) {
  const data = await ctx.api.query(SCENARIOS);
  const scenarios = data.stepmailScenarios.edges.map((e) => e.node);
  let figures = new Map();
  let figuresError = null;
  try {
    figures = await loadFigures(ctx.api, scenarios);
  } catch (failure) {
    figuresError = failure.message; // staff without MANAGE_ORDERS see the list without figures
  }
  replace(
    main,
    h("header", { class: "page-header" }, h("h1", {}, t("scenarios")),
      h("a", { class: "button primary", href: "#/new", id: "new-scenario" }, t("newScenarioButton"))),
    figuresError ? h("p", { class: "notice" }, t("failed", { m: figuresError })) : null,
    scenarios.length
      ? h(
          "table",
          { class: "scenarios responsive" },
          h("thead", {}, h("tr", {},
            ["name", "status", "trigger", "activeEnrollments", "conversionsThisMonth", "actions"].map((key) =>
              h("th", { scope: "col" }, t(key))))),
          h("tbody", {}, scenarios.map((s) => scenarioRow(ctx, s, figures.get(s.id)))),
        )
      : h("p", {}, t("noScenarios")),
    scenarios.length ? h("p", { class: "muted pause-note" }, t("pauseNote")) : null,
  );
}
