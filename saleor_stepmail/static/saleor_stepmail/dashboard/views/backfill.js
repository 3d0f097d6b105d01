// A backfill: enrol the customers whose past events since a date would have started the
// scenario, run by a worker; the page follows the job with a progress bar until it is done.

import { h } from "../dom.js";
import { field, showErrors } from "../forms.js";
import { number, t } from "../i18n.js";
import { BACKFILL_JOB, BACKFILL_START } from "../queries.js";

const POLL_MS = 1000;

function progress(job) {
  const done = job.total ? Math.round((100 * job.processed) / job.total) : job.state === "DONE" ? 100 : 0;
  return h("div", { class: "backfill-progress", "data-state": job.state },
    h("progress", { max: 100, value: done, "aria-label": t("backfillProgress") }),
    h("p", { role: "status" }, t("backfillStatus", {
      s: t(`job_${job.state}`), p: number(job.processed), n: number(job.total), e: number(job.enrolled),
    })),
    job.error ? h("p", { class: "form-error", role: "alert" }, job.error) : null);
}

async function follow(ctx, slot, jobId) {
  for (;;) {
    const { stepmailBackfillJob: job } = await ctx.api.query(BACKFILL_JOB, { id: jobId });
    slot.replaceChildren(progress(job));
    if (job.state === "DONE" || job.state === "FAILED" || !slot.isConnected) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function renderBackfill(ctx, main, scenarioId, params) {
  const slot = h("div", { class: "card backfill-job" });
  const formError = h("p", { class: "form-error", role: "alert" });
  const form = h("form", { class: "card", novalidate: true },
    field("since", t("backfillSince"), { type: "date", required: true }, { prefix: "backfill", hint: t("backfillHint") }),
    formError,
    h("button", { type: "submit", class: "primary" }, t("startBackfill")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const day = form.elements.since.value;
    const since = day ? new Date(`${day}T00:00:00`).toISOString() : "";
    const result = await ctx.api.mutate(BACKFILL_START, { scenario: scenarioId, since }, "stepmailBackfillStart");
    showErrors(form, formError, result.errors);
    if (!result.errors.length) ctx.navigate(`#/scenarios/${encodeURIComponent(scenarioId)}/backfill?job=${encodeURIComponent(result.job.id)}`);
  });
  main.replaceChildren(
    h("a", { href: `#/scenarios/${encodeURIComponent(scenarioId)}`, class: "back" }, t("backToScenario")),
    h("h1", {}, t("backfill")), form, slot);
  if (params.get("job")) await follow(ctx, slot, params.get("job"));
}
