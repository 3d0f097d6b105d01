// Sign in with a Saleor staff account (tokenCreate on Saleor's API).

import { h } from "../dom.js";
import { t } from "../i18n.js";

export function renderLogin(ctx, main) {
  const error = h("p", { class: "form-error", id: "signin-error", role: "alert" });
  const form = h(
    "form",
    { class: "card narrow", "aria-labelledby": "signin-title", novalidate: true },
    h("h1", { id: "signin-title" }, t("signIn")),
    h("p", { class: "hint" }, t("signInHint")),
    h("label", { for: "signin-email" }, t("email")),
    h("input", { id: "signin-email", name: "email", type: "email", autocomplete: "username", required: true }),
    h("label", { for: "signin-password" }, t("password")),
    h("input", { id: "signin-password", name: "password", type: "password", autocomplete: "current-password", required: true }),
    error,
    h("button", { type: "submit", class: "primary" }, t("signIn")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      await ctx.session.signIn(form.email.value.trim(), form.password.value);
      ctx.signedIn();
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      button.disabled = false;
    }
  });
  main.replaceChildren(form);
  form.email.focus();
}
