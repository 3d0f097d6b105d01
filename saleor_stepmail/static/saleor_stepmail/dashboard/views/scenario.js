// One scenario: its steps on a timeline, a funnel per step with revenue, A/B variants side by
// side with their significance, the lift over the holdout, and the analysis (views/analysis.js),
// for a chosen date range.

import { funnelChart, intervalChart, timelineChart } from "../charts.js";
import { h } from "../dom.js";
import { number, percent, points, t } from "../i18n.js";
import { ANALYSIS, RESULTS, SCENARIO } from "../queries.js";
import { analysisSections, moneyValue } from "./analysis.js";

const DAY_MS = 86_400_000;

function isoDate(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

// [start, end) in the browser's time zone: from the first day's midnight to the day after the last.
export function dateRange(params) {
  const today = new Date();
  const endDay = params.get("end") || isoDate(today);
  const startDay = params.get("start") || isoDate(new Date(today.getTime() - 29 * DAY_MS));
  const start = new Date(`${startDay}T00:00:00`);
  const end = new Date(new Date(`${endDay}T00:00:00`).getTime() + DAY_MS);
  return { startDay, endDay, start: start.toISOString(), end: end.toISOString() };
}

function rangeForm(ctx, scenarioId, range) {
  const form = h(
    "form",
    { class: "range", "aria-label": `${t("from")} / ${t("to")}` },
    h("div", {}, h("label", { for: "range-start" }, t("from")),
      h("input", { id: "range-start", name: "start", type: "date", value: range.startDay, required: true })),
    h("div", {}, h("label", { for: "range-end" }, t("to")),
      h("input", { id: "range-end", name: "end", type: "date", value: range.endDay, required: true })),
    h("button", { type: "submit" }, t("apply")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams({ start: form.start.value, end: form.end.value });
    ctx.navigate(`#/scenarios/${encodeURIComponent(scenarioId)}?${query}`);
  });
  return form;
}

// Paid revenue, one amount per currency: currencies are never added together.
function revenueText(list) {
  if (!list.length) return number(0);
  return list.map((m) => number(Number(m.amount), { style: "currency", currency: m.currency })).join(" / ");
}

function variantsPanel(row) {
  if (!row.variants.length) return null;
  return h(
    "section",
    { class: "variants", "aria-label": `${t("variants")}: ${row.name}` },
    h("h4", {}, t("variants")),
    h("div", { class: "side-by-side" },
      row.variants.map((v) =>
        h("div", { class: v.isWinner ? "variant winner" : "variant", "data-variant": v.name },
          h("strong", {}, v.name, v.isWinner ? h("span", { class: "badge active" }, t("winner")) : null),
          h("dl", {},
            ["sent", "delivered", "opened", "clicked", "converted"].map((key) =>
              [h("dt", {}, t(key)), h("dd", { "data-figure": key, "data-value": v.figures[key] }, number(v.figures[key]))]),
            h("dt", {}, t("conversionRate")),
            h("dd", { class: "rate", "data-figure": "conversionRate", "data-value": v.figures.conversionRate }, percent(v.figures.conversionRate)),
            h("dt", {}, t("revenue")),
            h("dd", { "data-figure": "revenue", "data-value": moneyValue(v.figures.revenue) }, revenueText(v.figures.revenue)),
          ),
        ),
      ),
    ),
    h("ul", { class: "comparisons" },
      row.comparisons.map((c) =>
        h("li", { class: c.significant ? "significant" : "" },
          t(c.significant ? "significant" : "notSignificant", {
            a: c.a, b: c.b, d: points(c.difference), p: number(c.pValue, { maximumSignificantDigits: 2 }),
          }),
        ),
      ),
    ),
  );
}

function stepCard(ctx, scenario, step, row, chartWidth) {
  return h(
    "article",
    { class: "card step", "data-step": step.position },
    h("header", {},
      h("h3", {}, `${step.position + 1}. ${step.name || "—"}`),
      h("span", { class: "muted" }, t("day", { n: step.delayDays }), step.isActive ? "" : ` · ${t("inactive")}`),
      h("a", { class: "button", href: `#/scenarios/${encodeURIComponent(scenario.id)}/steps/${encodeURIComponent(step.id)}` }, t("edit")),
    ),
    funnelChart(row.figures, t("funnel", { n: step.position + 1 }), chartWidth),
    h("p", { class: "revenue" }, `${t("revenue")}: `,
      h("strong", { "data-revenue": moneyValue(row.figures.revenue) }, revenueText(row.figures.revenue))),
    variantsPanel(row),
  );
}

function holdoutPanel(lift) {
  const group = (label, g) =>
    h("div", { class: "variant" }, h("strong", {}, label),
      h("p", {}, t("enrolledConverted", { c: number(g.converted), n: number(g.enrollments), r: percent(g.conversionRate) })));
  return h(
    "section",
    { class: "card holdout", "aria-labelledby": "holdout-title" },
    h("h2", { id: "holdout-title" }, t("holdout")),
    lift.lift === null
      ? h("p", { class: "muted" }, t("noHoldout"))
      : [
          h("div", { class: "side-by-side" }, group(t("treated"), lift.treated), group(t("heldOut"), lift.holdout)),
          h("p", { class: "lift" }, t("lift", { v: points(lift.lift), lo: points(lift.liftLow), hi: points(lift.liftHigh) })),
          intervalChart(lift.lift, lift.liftLow, lift.liftHigh),
        ],
  );
}

export async function renderScenario(ctx, main, id, params) {
  const range = dateRange(params);
  const [{ stepmailScenario: scenario }, results, analysis] = await Promise.all([
    ctx.api.query(SCENARIO, { id }),
    ctx.api.query(RESULTS, { id, start: range.start, end: range.end }),
    ctx.api.query(ANALYSIS, { id, start: range.start, end: range.end }),
  ]);
  if (!scenario) throw new Error(`no scenario ${id}`);
  const rows = new Map(results.stepmailStepStats.map((r) => [r.step && r.step.id, r]));
  const lift = results.stepmailHoldoutLift;
  const editStep = (step) => ctx.navigate(`#/scenarios/${encodeURIComponent(id)}/steps/${encodeURIComponent(step.id)}`);
  // Charts drawn at the width they are shown at (one card per row on a phone, two from 900px).
  const inner = main.clientWidth - 32;
  const columns = window.matchMedia("(min-width: 900px)").matches ? 2 : 1;
  const cardWidth = Math.floor((inner - (columns - 1) * 16) / columns) - 34;
  main.replaceChildren(
    h("a", { href: "#/", class: "back" }, t("back")),
    h("header", { class: "page-header" },
      h("h1", {}, scenario.name),
      h("span", { class: `badge ${scenario.status.toLowerCase()}` }, t(scenario.status)),
      h("span", { class: "muted" }, t(scenario.trigger)),
      h("nav", { class: "scenario-tools", "aria-label": scenario.name },
        ["settings", "steps", "simulate", "backfill"].map((page) =>
          h("a", { class: "button", href: `#/scenarios/${encodeURIComponent(id)}/${page}`, "data-page": page },
            t({ settings: "settings", steps: "manageSteps", simulate: "simulate", backfill: "backfill" }[page])))),
    ),
    rangeForm(ctx, id, range),
    h("section", { class: "card", "aria-labelledby": "timeline-title" },
      h("h2", { id: "timeline-title" }, t("timeline")),
      timelineChart(scenario.steps, editStep, inner - 34)),
    h("section", { "aria-labelledby": "steps-title", class: "results", "data-start": range.start, "data-end": range.end },
      h("h2", { id: "steps-title" }, t("steps")),
      h("div", { class: "grid" },
        // The API answers every step of the scenario; a step added since the page loaded has no row.
        scenario.steps.filter((step) => rows.has(step.id)).map((step) =>
          stepCard(ctx, scenario, step, rows.get(step.id), cardWidth)),
      ),
    ),
    holdoutPanel(lift),
    ...analysisSections(ctx, scenario, range, analysis),
  );
}
