// Inside the Saleor Dashboard: the page is an installed App in the Dashboard's frame and works
// with the Dashboard's own token, handed over by @saleor/app-sdk's AppBridge (handshake, then
// tokenRefresh); theme and locale follow the Dashboard's, notifications and links to orders and
// customers open in the Dashboard itself.
import { actions, AppBridge } from "@saleor/app-sdk/app-bridge";

import { type Session, SignInFailure, tokenEmail } from "./types";

const TOKEN_WAIT_MS = 10_000;

// The Dashboard opens an App's frame with ?saleorApiUrl=… (older ones: ?domain=…).
export function embeddedInDashboard(): boolean {
  const params = new URLSearchParams(window.location.search);
  return window.parent !== window && (params.has("saleorApiUrl") || params.has("domain"));
}

export class DashboardSession implements Session {
  readonly embedded = true;
  readonly bridge: AppBridge;
  private listeners = new Set<() => void>();

  constructor() {
    this.bridge = new AppBridge();
    const changed = () => this.listeners.forEach((listener) => listener());
    for (const event of ["handshake", "tokenRefresh", "theme", "localeChanged"] as const) {
      this.bridge.subscribe(event, changed);
    }
  }

  private token(): string | undefined {
    return this.bridge.getState().token;
  }

  signedIn(): boolean {
    return Boolean(this.token());
  }

  email(): string {
    const token = this.token();
    return token ? tokenEmail(token) : "";
  }

  locale(): string {
    return this.bridge.getState().locale;
  }

  theme(): "light" | "dark" {
    return this.bridge.getState().theme === "dark" ? "dark" : "light";
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async accessToken(): Promise<string> {
    const token = this.token();
    if (token) return token;
    throw new SignInFailure("waiting for the Dashboard's sign-in", 401);
  }

  // A refused token: tell the Dashboard we are ready again and wait for the token it hands over.
  refresh(): Promise<void> {
    const before = this.token();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new SignInFailure("the Dashboard did not renew the sign-in", 401));
      }, TOKEN_WAIT_MS);
      const stop = this.onChange(() => {
        if (this.token() && this.token() !== before) {
          clearTimeout(timer);
          stop();
          resolve();
        }
      });
      this.bridge.dispatch(actions.NotifyReady()).catch(() => {});
    });
  }

  notify(status: "success" | "error" | "info", title: string, text?: string): void {
    this.bridge.dispatch(actions.Notification({ status, title, text })).catch(() => {});
  }

  // Opens a Dashboard page (an order, a customer) in the Dashboard itself.
  openInDashboard(to: string): void {
    this.bridge.dispatch(actions.Redirect({ to })).catch(() => {});
  }

  signOut(): void {}
}
