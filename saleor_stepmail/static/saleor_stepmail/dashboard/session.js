// A Saleor staff session: tokenCreate signs in, tokenRefresh renews the access token a minute
// before it expires (on a timer, and before any call that would use an expiring token).
// Tokens live in sessionStorage: gone when the tab closes, never in a cookie or localStorage.

import { GraphQLFailure, postGraphQL } from "./graphql.js";

const STORAGE_KEY = "stepmail.session";
const REFRESH_MARGIN_MS = 60_000;

const TOKEN_CREATE = `mutation StepmailSignIn($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token refreshToken errors { field message code } }
}`;
const TOKEN_REFRESH = `mutation StepmailRefresh($refreshToken: String) {
  tokenRefresh(refreshToken: $refreshToken) { token errors { field message code } }
}`;

export function tokenExpiry(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const exp = JSON.parse(atob(part)).exp;
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}

export class Session {
  constructor(saleorApiUrl, onSignedOut) {
    this.saleorApiUrl = saleorApiUrl;
    this.onSignedOut = onSignedOut;
    this.refreshing = null;
    this.timer = null;
    this.state = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
    if (this.state) this.schedule();
  }

  get signedIn() {
    return Boolean(this.state);
  }

  get email() {
    return this.state ? this.state.email : "";
  }

  async signIn(email, password) {
    const data = await postGraphQL(this.saleorApiUrl, TOKEN_CREATE, { email, password });
    const result = data.tokenCreate;
    if (result.errors.length || !result.token) {
      throw new GraphQLFailure(result.errors.map((e) => e.message).join("; ") || "sign-in failed", 400);
    }
    this.store({ email, token: result.token, refreshToken: result.refreshToken });
  }

  async accessToken() {
    if (!this.state) throw new GraphQLFailure("signed out", 401);
    const expiry = tokenExpiry(this.state.token);
    if (expiry !== null && expiry - Date.now() < REFRESH_MARGIN_MS) await this.refresh();
    return this.state.token;
  }

  refresh() {
    if (!this.refreshing) {
      this.refreshing = this.renew().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  async renew() {
    const refreshToken = this.state && this.state.refreshToken;
    try {
      const data = await postGraphQL(this.saleorApiUrl, TOKEN_REFRESH, { refreshToken });
      if (!data.tokenRefresh.token) throw new GraphQLFailure("refresh refused", 401);
      this.store({ ...this.state, token: data.tokenRefresh.token });
    } catch (error) {
      this.signOut();
      throw error;
    }
  }

  schedule() {
    clearTimeout(this.timer);
    const expiry = tokenExpiry(this.state.token);
    if (expiry === null) return;
    const wait = Math.max(0, expiry - Date.now() - REFRESH_MARGIN_MS);
    this.timer = setTimeout(() => this.refresh().catch(() => {}), wait);
  }

  store(state) {
    this.state = state;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    this.schedule();
  }

  signOut() {
    clearTimeout(this.timer);
    this.state = null;
    sessionStorage.removeItem(STORAGE_KEY);
    this.onSignedOut();
  }
}
