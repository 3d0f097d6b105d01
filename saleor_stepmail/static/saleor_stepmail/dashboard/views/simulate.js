// The simulator: a dry run of a scenario over a past period, on the shop's real history, as a
// timeline of who would get which mail when and who would leave and why. Nothing is sent.

import { h, replace } from "../dom.js";
import { field } from "../forms.js";
import { dateTime, number, t } from "../i18n.js";
import { SIMULATE } from "../queries.js";
import { dateRange } from "./scenario.js";

function enrollmentRow(enrollment) {
  return h("li", { class: "sim-enrollment", "data-email": enrollment.email },
    h("strong", {}, enrollment.email || enrollment.orderId), " · ",
    h("span", { class: "muted" }, t("enrolledOn", { d: dateTime(enrollment.triggeredAt) })),
    h("ol", { class: "path" }, enrollment.steps.map((s) =>
      h("li", { class: `delivery ${s.outcome}`, "data-outcome": s.outcome },
        h("span", { class: "day" }, s.at ? dateTime(s.at) : "—"),
        h("span", { class: "what" }, h("strong", {}, `${s.position + 1}. ${s.name}`), ` (${t(s.channel)})`),
        h("span", { class: "badge" }, t(`sim_${s.outcome}`)),
        s.reason ? h("span", { class: "muted" }, s.reason) : null))),
    enrollment.leftAt
      ? h("p", { class: "ending" }, t("simLeft", { d: dateTime(enrollment.leftAt), r: enrollment.leftReason }))
      : null,
  );
}

export async function renderSimulate(ctx, main, scenarioId, params) {
  const range = dateRange(params);
  const form = h("form", { class: "range", "aria-label": t("simulate") },
    field("start", t("from"), { type: "date", value: range.startDay, required: true }, { prefix: "sim" }),
    field("end", t("to"), { type: "date", value: range.endDay, required: true }, { prefix: "sim" }),
    h("button", { type: "submit", class: "primary" }, t("runSimulation")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams({ start: form.elements.start.value, end: form.elements.end.value, run: "1" });
    ctx.navigate(`#/scenarios/${encodeURIComponent(scenarioId)}/simulate?${query}`);
  });
  const results = h("section", { class: "simulation", "aria-live": "polite" });
  main.replaceChildren(
    h("a", { href: `#/scenarios/${encodeURIComponent(scenarioId)}`, class: "back" }, t("backToScenario")),
    h("h1", {}, t("simulate")),
    h("p", { class: "hint" }, t("simulateHint")),
    form, results,
  );
  if (!params.get("run")) return;
  const { stepmailSimulate: sim } = await ctx.api.query(SIMULATE, { id: scenarioId, since: range.start, until: range.end });
  replace(
    results,
    h("p", { class: "sim-summary" }, t("simSummary", { e: number(sim.enrolledCount), s: number(sim.sentCount) })),
    sim.notEnrolled.length
      ? h("ul", { class: "muted" }, sim.notEnrolled.map((n) => h("li", {}, `${n.reason}: ${number(n.count)}`)))
      : null,
    h("ol", { class: "card sim-timeline" }, sim.enrollments.map(enrollmentRow)),
    sim.assumptions.length ? h("details", {}, h("summary", {}, t("assumptions")), h("ul", {}, sim.assumptions.map((a) => h("li", {}, a)))) : null,
  );
}
