// Enrolments of one customer by email: what was sent, opened, clicked, and why it ended.

import { h } from "../dom.js";
import { dateTime, number, t } from "../i18n.js";
import { ENROLLMENT_EXIT, ENROLLMENTS } from "../queries.js";

function eventText(event) {
  const label = t(event.type);
  if (event.type === "CONVERTED" && event.revenue) {
    const amount = Number(event.revenue);
    const money = event.currency ? number(amount, { style: "currency", currency: event.currency }) : number(amount);
    return `${label} ${money}`;
  }
  return label;
}

function deliveryItem(delivery) {
  const when = delivery.sentAt || delivery.dueAt;
  const events = delivery.events.filter((e) => e.type !== "SENT");
  return h(
    "li",
    { class: `delivery ${delivery.state.toLowerCase()}`, "data-state": delivery.state },
    h("span", { class: "day" }, t("day", { n: delivery.step.delayDays })),
    h("span", { class: "what" },
      h("strong", {}, `${delivery.step.position + 1}. ${delivery.step.name || "—"}`),
      delivery.variant ? ` (${delivery.variant.name})` : "",
    ),
    h("span", { class: `badge ${delivery.state.toLowerCase()}` }, t(delivery.state)),
    h("time", { datetime: when }, dateTime(when)),
    delivery.reason ? h("span", { class: "muted" }, delivery.reason) : null,
    events.length
      ? h("ul", { class: "events" }, events.map((e) =>
          h("li", { "data-event": e.type }, eventText(e), " · ", h("time", { datetime: e.occurredAt }, dateTime(e.occurredAt)))))
      : null,
  );
}

// "End this enrolment": no further mail of this scenario to this customer (MANAGE_ORDERS).
function exitButton(ctx, enrollment, onEnded) {
  const error = h("span", { class: "form-error", role: "alert" });
  const button = h("button", { type: "button", class: "danger", "data-action": "exit" }, t("endEnrollment"));
  button.addEventListener("click", async () => {
    if (!window.confirm(t("endEnrollmentConfirm", { s: enrollment.scenario.name }))) return;
    button.disabled = true;
    error.textContent = "";
    try {
      const result = await ctx.api.mutate(ENROLLMENT_EXIT, { id: enrollment.id }, "stepmailEnrollmentExit");
      if (result.errors.length) throw new Error(result.errors.map((e) => e.message).join("; "));
      onEnded();
    } catch (failure) {
      error.textContent = failure.message;
      button.disabled = false;
    }
  });
  return h("p", { class: "actions" }, button, error);
}

function enrollmentCard(ctx, enrollment, onEnded) {
  const ending = enrollment.endedAt
    ? t("endedBecause", { d: dateTime(enrollment.endedAt), r: `${t(enrollment.state)} — ${enrollment.exitReason || "—"}` })
    : t("running", { d: dateTime(enrollment.nextSendAt) || "—" });
  return h(
    "article",
    { class: "card enrollment", "data-state": enrollment.state },
    h("header", {},
      h("h2", {}, enrollment.scenario.name),
      h("span", { class: `badge ${enrollment.state.toLowerCase()}` }, t(enrollment.state)),
      enrollment.holdout ? h("span", { class: "muted" }, t("holdoutMember")) : null,
    ),
    h("p", { class: "muted" }, t("enrolledOn", { d: dateTime(enrollment.triggeredAt) })),
    h("ol", { class: "path" }, enrollment.deliveries.map(deliveryItem)),
    h("p", { class: "ending" }, ending),
    enrollment.state === "ACTIVE" ? exitButton(ctx, enrollment, onEnded) : null,
  );
}

export async function renderEnrollments(ctx, main, params) {
  const email = params.get("email") || "";
  const form = h("form", { class: "search", role: "search" },
    h("label", { for: "search-email" }, t("searchEmail")),
    h("div", { class: "inline" },
      h("input", { id: "search-email", name: "email", type: "email", value: email, required: true }),
      h("button", { type: "submit", class: "primary" }, t("search"))),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ctx.navigate(`#/enrollments?${new URLSearchParams({ email: form.email.value.trim() })}`);
  });
  const results = h("div", { class: "enrollments", "aria-live": "polite" });
  main.replaceChildren(h("h1", {}, t("enrollments")), form, results);
  if (!email) return;
  const show = async () => {
    const data = await ctx.api.query(ENROLLMENTS, { email });
    const found = data.stepmailEnrollments.edges.map((e) => e.node);
    const cards = found.map((enrollment) => enrollmentCard(ctx, enrollment, show));
    results.replaceChildren(...(cards.length ? cards : [h("p", {}, t("noEnrollments"))]));
  };
  await show();
}
