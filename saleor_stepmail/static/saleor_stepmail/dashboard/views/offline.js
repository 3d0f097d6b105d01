// Work the offline channels: the call list (filter, mark a call done with a note, download as
// CSV) and direct mail (export the waiting postal addresses as a CSV batch, or a batch again).

import { h } from "../dom.js";
import { field, select, showErrors } from "../forms.js";
import { dateTime, t } from "../i18n.js";
import { CALL_TASK_COMPLETE, CALL_TASKS, CALL_TASKS_CSV, DIRECT_MAIL_EXPORT } from "../queries.js";

// UTF-8 with a byte-order mark, as the API writes it, so that Excel reads Japanese names.
function download(name, csv) {
  const link = h("a", { href: URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

function callRow(ctx, task, reload) {
  const note = h("input", { name: "note", "aria-label": t("callNote"), value: task.note });
  const done = h("button", { type: "button", class: "primary", "data-action": "done" }, t("markDone"));
  const error = h("span", { class: "form-error", role: "alert" });
  done.addEventListener("click", async () => {
    const result = await ctx.api.mutate(CALL_TASK_COMPLETE, { id: task.id, note: note.value }, "stepmailCallTaskComplete");
    if (result.errors.length) error.textContent = result.errors.map((e) => e.message).join("; ");
    else reload();
  });
  return h("tr", { "data-call": task.email, "data-state": task.state },
    h("td", { "data-label": t("phone") }, h("a", { href: `tel:${task.phone}` }, task.phone)),
    h("td", { "data-label": t("email") }, task.email),
    h("td", { "data-label": t("scenario") }, task.scenarioSlug),
    h("td", { "data-label": t("created") }, dateTime(task.createdAt)),
    h("td", { "data-label": t("callNote") }, task.state === "OPEN" ? note : task.note),
    h("td", {}, task.state === "OPEN" ? [done, error] : t("doneBy", { w: task.doneBy, d: dateTime(task.doneAt) })));
}

export async function renderCalls(ctx, main, params) {
  const state = params.get("state") || "OPEN";
  const data = await ctx.api.query(CALL_TASKS, { state: state === "ALL" ? null : state });
  const filter = select("state", [["OPEN", t("open")], ["DONE", t("done")], ["ALL", t("all")]], state);
  filter.setAttribute("aria-label", t("filter"));
  filter.addEventListener("change", () => ctx.navigate(`#/calls?state=${filter.value}`));
  const csv = h("button", { type: "button", "data-action": "csv" }, t("downloadCsv"));
  csv.addEventListener("click", async () => {
    const result = await ctx.api.query(CALL_TASKS_CSV, { state: state === "ALL" ? null : state });
    download("call-tasks.csv", result.stepmailCallTasksCsv);
  });
  const tasks = data.stepmailCallTasks.edges.map((e) => e.node);
  main.replaceChildren(
    h("h1", {}, t("callList")),
    h("div", { class: "toolbar" }, filter, csv),
    tasks.length
      ? h("table", { class: "responsive calls" },
          h("thead", {}, h("tr", {}, ["phone", "email", "scenario", "created", "callNote", "actions"].map((k) => h("th", { scope: "col" }, t(k))))),
          h("tbody", {}, tasks.map((task) => callRow(ctx, task, () => renderCalls(ctx, main, params)))))
      : h("p", {}, t("noCalls")),
    await directMailCard(ctx),
  );
}

async function directMailCard(ctx) {
  const formError = h("p", { class: "form-error", role: "alert" });
  const status = h("p", { class: "status-message", role: "status" });
  const form = h("form", { class: "card direct-mail", novalidate: true },
    h("h2", {}, t("directMail")),
    h("p", { class: "hint" }, t("directMailHint")),
    field("batch", t("batchAgain"), { placeholder: "2026-12-01T09…" }, { prefix: "dm" }),
    formError,
    h("button", { type: "submit", class: "primary" }, t("exportCsv")), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    const batch = form.elements.batch.value.trim() || null;
    const result = await ctx.api.mutate(DIRECT_MAIL_EXPORT, { batch }, "stepmailDirectMailExport");
    showErrors(form, formError, result.errors);
    if (result.errors.length) return;
    status.textContent = t("exported", { n: result.count, b: result.batch || "—" });
    if (result.count) download(`direct-mail-${result.batch}.csv`, result.csv);
  });
  return form;
}
