// The operator page: a header, a hash router and one view at a time. Everything it shows comes
// from the plugin's GraphQL API; only signing in talks to Saleor itself. Standalone it signs
// staff in with tokenCreate; inside the Saleor Dashboard it takes the Dashboard's token.

import { Api } from "./api.js";
import { BridgeSession, embeddedInDashboard } from "./bridge.js";
import { h } from "./dom.js";
import { language, setLanguage, t } from "./i18n.js";
import { Session } from "./session.js";
import { renderBackfill } from "./views/backfill.js";
import { renderCustomer } from "./views/customer.js";
import { renderEnrollments } from "./views/enrollments.js";
import { renderCalls } from "./views/offline.js";
import { renderLogin } from "./views/login.js";
import { renderScenario } from "./views/scenario.js";
import { renderScenarioNew, renderScenarioSettings } from "./views/scenario_edit.js";
import { renderScenarios } from "./views/scenarios.js";
import { renderSimulate } from "./views/simulate.js";
import { renderStep } from "./views/step.js";
import { renderSteps } from "./views/steps.js";

const root = document.getElementById("app");
const main = h("main", { id: "main", tabindex: "-1" });
const ctx = {
  navigate(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  signedIn() {
    route();
  },
};
ctx.embedded = embeddedInDashboard();
ctx.saleorApiUrl = root.dataset.saleorApiUrl;
ctx.session = ctx.embedded
  ? new BridgeSession(() => route(), { onLocale: (locale) => { setLanguage(locale.toLowerCase().startsWith("ja") ? "ja" : "en"); route(); } })
  : new Session(ctx.saleorApiUrl, () => route());
ctx.api = new Api(root.dataset.apiUrl, ctx.session);
ctx.saleor = new Api(ctx.saleorApiUrl, ctx.session);

const ROUTES = [
  [/^#\/new$/, () => renderScenarioNew(ctx, main)],
  [/^#\/scenarios\/([^/?]+)\/settings$/, (m) => renderScenarioSettings(ctx, main, decodeURIComponent(m[1]))],
  [/^#\/scenarios\/([^/?]+)\/steps$/, (m) => renderSteps(ctx, main, decodeURIComponent(m[1]))],
  [/^#\/scenarios\/([^/?]+)\/simulate$/, (m, params) => renderSimulate(ctx, main, decodeURIComponent(m[1]), params)],
  [/^#\/scenarios\/([^/?]+)\/backfill$/, (m, params) => renderBackfill(ctx, main, decodeURIComponent(m[1]), params)],
  [/^#\/calls$/, (m, params) => renderCalls(ctx, main, params)],
  [/^#\/scenarios\/([^/?]+)\/steps\/([^/?]+)$/, (m) => renderStep(ctx, main, decodeURIComponent(m[1]), decodeURIComponent(m[2]))],
  [/^#\/scenarios\/([^/?]+)$/, (m, params) => renderScenario(ctx, main, decodeURIComponent(m[1]), params)],
  [/^#\/enrollments$/, (m, params) => renderEnrollments(ctx, main, params)],
  [/^#\/customer$/, (m, params) => renderCustomer(ctx, main, params)],
  [/^(#\/?)?$/, () => renderScenarios(ctx, main)],
];

function header() {
  const signedIn = ctx.session.signedIn;
  return h(
    "header",
    { class: "topbar" },
    h("a", { class: "brand", href: "#/" }, t("title")),
    signedIn
      ? h("nav", { "aria-label": t("title") },
          h("a", { href: "#/" }, t("scenarios")),
          h("a", { href: "#/enrollments" }, t("enrollments")),
          h("a", { href: "#/calls" }, t("callList")))
      : null,
    h("div", { class: "tools" },
      h("button", { type: "button", id: "language", "aria-label": t("languageName"), lang: language() === "ja" ? "en" : "ja",
        onclick: () => { setLanguage(language() === "ja" ? "en" : "ja"); route(); } }, t("language")),
      signedIn && !ctx.embedded
        ? h("button", { type: "button", id: "sign-out", onclick: () => ctx.session.signOut() }, t("signOut"))
        : null,
    ),
  );
}

async function route() {
  document.documentElement.lang = language();
  document.title = t("title");
  root.replaceChildren(header(), main);
  if (!ctx.session.signedIn) {
    if (ctx.embedded) main.replaceChildren(h("p", { class: "muted", role: "status", id: "bridge-wait" }, t("waitingForDashboard")));
    else renderLogin(ctx, main);
    return;
  }
  const [path, query] = (location.hash || "#/").split("?");
  const params = new URLSearchParams(query || "");
  const found = ROUTES.map(([pattern, view]) => [path.match(pattern), view]).find(([m]) => m);
  main.replaceChildren(h("p", { class: "muted", role: "status" }, t("loading")));
  try {
    await (found ? found[1](found[0], params) : renderScenarios(ctx, main));
  } catch (failure) {
    if (!ctx.session.signedIn) return; // signed out meanwhile: the login form is showing
    main.replaceChildren(h("p", { class: "form-error", role: "alert" }, t("failed", { m: failure.message })));
  }
}

// The Dashboard opens an order's or a customer's "more actions" entry with that object's id.
const openedFor = new URLSearchParams(location.search).get("id");
if (openedFor && !location.hash) history.replaceState(null, "", `#/customer?${new URLSearchParams({ id: openedFor })}`);
window.addEventListener("hashchange", route);
setLanguage(language());
route();
