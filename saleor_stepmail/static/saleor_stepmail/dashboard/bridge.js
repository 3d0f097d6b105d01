// Inside the Saleor Dashboard: the page is an installed App in the Dashboard's frame and signs in
// with the Dashboard's own token, handed over by App Bridge (saleor/app-sdk):
//   page → Dashboard: {type: "notifyReady", payload: {actionId}}
//   Dashboard → page: {type: "handshake", payload: {token, version}}, later "tokenRefresh",
//                     "localeChanged" and "theme".
// Only messages from the Dashboard's origin (the frame's referrer) count. The token stays in
// memory: the Dashboard hands a fresh one whenever the frame loads.

import { GraphQLFailure } from "./graphql.js";

// The Dashboard opens an App's frame with these query parameters.
export function embeddedInDashboard() {
  const params = new URLSearchParams(location.search);
  return window.parent !== window && (params.has("saleorApiUrl") || params.has("domain"));
}

export function dashboardOrigin() {
  try {
    return document.referrer ? new URL(document.referrer).origin : null;
  } catch {
    return null;
  }
}

export class BridgeSession {
  constructor(onChange, { onLocale } = {}) {
    this.onChange = onChange;
    this.onLocale = onLocale || (() => {});
    this.origin = dashboardOrigin();
    this.token = null;
    this.waiting = [];
    window.addEventListener("message", (event) => this.receive(event));
    const locale = new URLSearchParams(location.search).get("locale");
    if (locale) this.onLocale(locale);
    this.post({ type: "notifyReady", payload: { actionId: crypto.randomUUID() } });
  }

  get embedded() {
    return true;
  }

  get signedIn() {
    return Boolean(this.token);
  }

  get email() {
    try {
      const part = this.token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(atob(part)).email || "";
    } catch {
      return "";
    }
  }

  post(message) {
    if (this.origin) window.parent.postMessage(message, this.origin);
  }

  receive({ origin, data }) {
    if (!this.origin || origin !== this.origin || !data || typeof data !== "object") return;
    const payload = data.payload || {};
    if ((data.type === "handshake" || data.type === "tokenRefresh") && typeof payload.token === "string") {
      const first = !this.token;
      this.token = payload.token;
      this.waiting.splice(0).forEach((resolve) => resolve(this.token));
      if (first) this.onChange();
    } else if (data.type === "localeChanged" && typeof payload.locale === "string") {
      this.onLocale(payload.locale);
    }
  }

  async accessToken() {
    if (this.token) return this.token;
    throw new GraphQLFailure("waiting for the Dashboard's sign-in", 401);
  }

  // A refused token: ask the Dashboard again and wait for the next one it hands over.
  refresh() {
    const next = new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      setTimeout(() => reject(new GraphQLFailure("the Dashboard did not renew the sign-in", 401)), 10_000);
    });
    this.token = null;
    this.post({ type: "notifyReady", payload: { actionId: crypto.randomUUID() } });
    return next;
  }

  // Opens a Dashboard page (an order, a customer) in the Dashboard itself.
  redirect(to) {
    this.post({ type: "redirect", payload: { to, actionId: crypto.randomUUID() } });
  }

  signOut() {}
}
