// The operator page: a header, a hash router and one view at a time. Everything it shows comes
// from the plugin's GraphQL API; only signing in talks to Saleor itself.

import { Api } from "./api.js";
import { h } from "./dom.js";
import { language, setLanguage, t } from "./i18n.js";
import { Session } from "./session.js";
import { renderEnrollments } from "./views/enrollments.js";
import { renderLogin } from "./views/login.js";
import { renderScenario } from "./views/scenario.js";
import { renderScenarios } from "./views/scenarios.js";
import { renderStep } from "./views/step.js";

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
ctx.session = new Session(root.dataset.saleorApiUrl, () => route());
ctx.api = new Api(root.dataset.apiUrl, ctx.session);

const ROUTES = [
  [/^#\/scenarios\/([^/?]+)\/steps\/([^/?]+)$/, (m) => renderStep(ctx, main, decodeURIComponent(m[1]), decodeURIComponent(m[2]))],
  [/^#\/scenarios\/([^/?]+)$/, (m, params) => renderScenario(ctx, main, decodeURIComponent(m[1]), params)],
  [/^#\/enrollments$/, (m, params) => renderEnrollments(ctx, main, params)],
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
          h("a", { href: "#/enrollments" }, t("enrollments")))
      : null,
    h("div", { class: "tools" },
      h("button", { type: "button", id: "language", "aria-label": t("languageName"), lang: language() === "ja" ? "en" : "ja",
        onclick: () => { setLanguage(language() === "ja" ? "en" : "ja"); route(); } }, t("language")),
      signedIn
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
    renderLogin(ctx, main);
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

window.addEventListener("hashchange", route);
setLanguage(language());
route();
