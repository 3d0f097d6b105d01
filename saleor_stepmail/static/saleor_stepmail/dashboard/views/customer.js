// A customer's step mail, opened from the Dashboard's order or customer page: the Dashboard
// passes the order's or the user's global id (`id`); Saleor's own API, with the same token, says
// whose it is, and the enrolments page shows that address.

import { h } from "../dom.js";
import { t } from "../i18n.js";
import { renderEnrollments } from "./enrollments.js";

const WHOSE = {
  Order: `query StepmailWhoseOrder($id: ID!) { order(id: $id) { userEmail user { email } } }`,
  User: `query StepmailWhoseUser($id: ID!) { user(id: $id) { email } }`,
};

function nodeType(globalId) {
  try {
    return atob(globalId).split(":")[0];
  } catch {
    return "";
  }
}

async function emailOf(ctx, globalId) {
  const type = nodeType(globalId);
  if (!WHOSE[type]) return "";
  const data = await ctx.saleor.query(WHOSE[type], { id: globalId });
  if (type === "Order") return (data.order && (data.order.userEmail || (data.order.user && data.order.user.email))) || "";
  return (data.user && data.user.email) || "";
}

export async function renderCustomer(ctx, main, params) {
  const email = await emailOf(ctx, params.get("id") || "");
  if (!email) {
    main.replaceChildren(h("h1", {}, t("enrollments")), h("p", { role: "alert" }, t("customerUnknown")));
    return;
  }
  await renderEnrollments(ctx, main, new URLSearchParams({ email }));
}
