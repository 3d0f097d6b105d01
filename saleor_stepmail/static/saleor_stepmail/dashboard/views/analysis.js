// When and how the scenario's mail works, for the mails sent in the chosen range: a weekday x
// hour heatmap, rates by how many mails the customer had just had, rates per step and variant,
// a sortable table of clicked links, and a CSV of every table (the API's stepmailReportCsv).

import { h, replace } from "../dom.js";
import { language, number, percent, t } from "../i18n.js";
import { REPORT_CSV } from "../queries.js";

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]; // ISO, Monday first
const METRICS = ["clickThroughRate", "conversionRate", "openRate"];
export const EXPORTS = ["STEP_STATS", "VARIANT_STATS", "RATES", "SEND_TIME", "FREQUENCY", "LINKS", "HOLDOUT"];

function weekdayName(weekday) {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(language(), { weekday: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(2024, 0, weekday)),
  );
}

function moneyText(list) {
  if (!list.length) return "—";
  return list.map((m) => number(Number(m.amount), { style: "currency", currency: m.currency })).join(" / ");
}

function heatCell(cell, metric, best) {
  if (!cell) return h("td", { class: "empty" });
  const f = cell.figures;
  const rate = f[metric];
  const strength = best ? rate / best : 0;
  return h(
    "td",
    {
      "data-weekday": cell.weekday, "data-hour": cell.hour, "data-sent": f.sent,
      "data-clicked": f.clicked, "data-converted": f.converted,
      style: `background: rgba(42, 91, 215, ${(0.08 + 0.8 * strength).toFixed(2)}); color: ${strength > 0.55 ? "#fff" : "inherit"}`,
      title: t("heatTitle", { n: number(f.sent), ctr: percent(f.clickThroughRate), cvr: percent(f.conversionRate) }),
    },
    percent(rate),
  );
}

function heatmapTable(cells, metric) {
  const byKey = new Map(cells.map((c) => [`${c.weekday}:${c.hour}`, c]));
  const best = Math.max(0, ...cells.map((c) => c.figures[metric]));
  return h(
    "table",
    { class: "heatmap", "data-metric": metric },
    h("thead", {}, h("tr", {}, h("th", {}, ""), HOURS.map((hour) => h("th", { scope: "col" }, hour)))),
    h("tbody", {},
      WEEKDAYS.map((weekday) =>
        h("tr", {}, h("th", { scope: "row" }, weekdayName(weekday)),
          HOURS.map((hour) => heatCell(byKey.get(`${weekday}:${hour}`), metric, best))),
      ),
    ),
  );
}

function heatmapSection(cells) {
  const holder = h("div", { class: "scroll" }, heatmapTable(cells, METRICS[0]));
  const select = h("select", { id: "heatmap-metric" }, METRICS.map((m) => h("option", { value: m }, t(m))));
  select.addEventListener("change", () => replace(holder, heatmapTable(cells, select.value)));
  return h(
    "section",
    { class: "card send-time", "aria-labelledby": "send-time-title" },
    h("h2", { id: "send-time-title" }, t("sendTime")),
    h("p", { class: "hint" }, t("sendTimeHint")),
    h("label", { for: "heatmap-metric" }, t("metric")),
    select,
    cells.length ? holder : h("p", { class: "muted" }, t("noMails")),
  );
}

// Money as the API wrote it ("1000.000 JPY 12.500 USD"), for a cell's data-value.
export const moneyValue = (list) => list.map((m) => `${m.amount} ${m.currency}`).join(" ");
// Each column: the figure's name in StepmailMailFigures and how its value is shown.
const FIGURE_COLUMNS = [
  ["sent", number],
  ["clickThroughRate", percent],
  ["clickToOpenRate", percent],
  ["conversionRate", percent],
  ["revenue", moneyText],
  ["revenuePerMail", moneyText],
];

function figureCells(f) {
  return FIGURE_COLUMNS.map(([key, shown]) =>
    h("td", { class: "num", "data-figure": key, "data-value": Array.isArray(f[key]) ? moneyValue(f[key]) : f[key] }, shown(f[key])));
}

function figuresTable(className, firstHeader, rows) {
  return h(
    "div", { class: "scroll" },
    h("table", { class: `responsive ${className}` },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, firstHeader),
        FIGURE_COLUMNS.map(([key]) => h("th", { scope: "col" }, t(key))))),
      h("tbody", {}, rows)),
  );
}

function frequencySection(rows) {
  return h(
    "section",
    { class: "card frequency", "aria-labelledby": "frequency-title" },
    h("h2", { id: "frequency-title" }, t("frequency")),
    h("p", { class: "hint" }, t("frequencyHint")),
    figuresTable("frequency-table", t("earlierMails"),
      rows.map((r) => h("tr", { "data-earlier": r.earlierMails },
        h("th", { scope: "row" }, r.orMore ? `${r.earlierMails}+` : r.earlierMails), figureCells(r.figures)))),
  );
}

function ratesSection(rows) {
  const label = (r) =>
    r.level === "SCENARIO" ? t("allSteps")
      : r.level === "STEP" ? `${t("step")} ${r.step.position + 1}. ${r.step.name}`
        : `↳ ${r.variant.name}`;
  return h(
    "section",
    { class: "card rates", "aria-labelledby": "rates-title" },
    h("h2", { id: "rates-title" }, t("rates")),
    figuresTable("rates-table", t("name"),
      rows.map((r) => h("tr", { class: r.level.toLowerCase(), "data-step": r.step ? r.step.position : "", "data-variant": r.variant ? r.variant.name : "" },
        h("th", { scope: "row" }, label(r)), figureCells(r.figures)))),
  );
}

const LINK_COLUMNS = [
  { key: "step", value: (r) => r.step.position, text: (r) => r.step.position + 1 },
  { key: "variant", value: (r) => (r.variant ? r.variant.name : ""), text: (r) => (r.variant ? r.variant.name : "—") },
  { key: "url", value: (r) => r.url, text: (r) => r.url || t("erasedUrl") },
  { key: "clicks", value: (r) => r.clicks, text: (r) => number(r.clicks), num: true },
  { key: "customers", value: (r) => r.customers, text: (r) => number(r.customers), num: true },
  { key: "share", value: (r) => r.share, text: (r) => percent(r.share), num: true },
  { key: "conversions", value: (r) => r.conversions, text: (r) => number(r.conversions), num: true },
];

function linksSection(rows) {
  const state = { key: "clicks", descending: true };
  const body = h("tbody");
  const headers = LINK_COLUMNS.map((column) => {
    const button = h("button", { type: "button", class: "sort", "data-sort": column.key }, t(column.key));
    button.addEventListener("click", () => {
      state.descending = state.key === column.key ? !state.descending : Boolean(column.num);
      state.key = column.key;
      draw();
    });
    return h("th", { scope: "col", "data-column": column.key }, button);
  });
  function draw() {
    const column = LINK_COLUMNS.find((c) => c.key === state.key);
    const sorted = [...rows].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      return state.descending ? -order : order;
    });
    headers.forEach((th) =>
      th.setAttribute("aria-sort", th.dataset.column === state.key ? (state.descending ? "descending" : "ascending") : "none"));
    replace(body, sorted.map((r) =>
      h("tr", { "data-url": r.url, "data-step": r.step.position, "data-variant": r.variant ? r.variant.name : "" },
        LINK_COLUMNS.map((c) => h("td", { class: c.num ? "num" : "", "data-column": c.key }, c.text(r))))));
  }
  draw();
  return h(
    "section",
    { class: "card links", "aria-labelledby": "links-title" },
    h("h2", { id: "links-title" }, t("links")),
    h("p", { class: "hint" }, t("linksHint")),
    rows.length
      ? h("div", { class: "scroll" }, h("table", { class: "responsive link-table" }, h("thead", {}, h("tr", {}, headers)), body))
      : h("p", { class: "muted" }, t("noClicks")),
  );
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function exportsSection(ctx, scenario, range) {
  const message = h("p", { class: "form-error", role: "alert" });
  const buttons = EXPORTS.map((table) => {
    const button = h("button", { type: "button", "data-export": table }, t(`export_${table}`));
    button.addEventListener("click", async () => {
      button.disabled = true;
      message.textContent = "";
      try {
        const data = await ctx.api.query(REPORT_CSV, { table, id: scenario.id, start: range.start, end: range.end });
        download(`${scenario.slug}-${table.toLowerCase()}-${range.startDay}-${range.endDay}.csv`, data.stepmailReportCsv);
        button.dataset.downloaded = "true";
      } catch (error) {
        message.textContent = t("failed", { m: error.message });
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  return h(
    "section",
    { class: "card exports", "aria-labelledby": "exports-title" },
    h("h2", { id: "exports-title" }, t("exports")),
    h("p", { class: "hint" }, t("exportsHint")),
    h("div", { class: "buttons" }, buttons),
    message,
  );
}

export function analysisSections(ctx, scenario, range, data) {
  return [
    heatmapSection(data.stepmailSendTimeStats),
    frequencySection(data.stepmailFrequencyStats),
    ratesSection(data.stepmailMailRates),
    linksSection(data.stepmailLinkStats),
    exportsSection(ctx, scenario, range),
  ];
}
