// A Saleor staff session outside the Dashboard: tokenCreate signs in, tokenRefresh renews the
// access token a minute before it expires (on a timer, and before a call that would use an
// expiring token). Tokens live in sessionStorage: gone when the tab closes.
import { saleorPost } from "./saleor";
import { type Session, SignInFailure, tokenExpiry } from "./types";

const STORAGE_KEY = "stepmail.session";
export const REFRESH_MARGIN_MS = 60_000;

const TOKEN_CREATE = `mutation StepmailSignIn($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token refreshToken errors { field message code } }
}`;
const TOKEN_REFRESH = `mutation StepmailRefresh($refreshToken: String) {
  tokenRefresh(refreshToken: $refreshToken) { token errors { field message code } }
}`;

interface Stored {
  email: string;
  token: string;
  refreshToken: string;
}
interface TokenCreate {
  tokenCreate: { token: string | null; refreshToken: string | null; errors: { message: string }[] };
}
interface TokenRefresh {
  tokenRefresh: { token: string | null };
}

export class StandaloneSession implements Session {
  readonly embedded = false;
  private state: Stored | null;
  private refreshing: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<() => void>();

  constructor(private readonly saleorApiUrl: string) {
    this.state = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || "null");
    if (this.state) this.schedule();
  }

  signedIn(): boolean {
    return Boolean(this.state);
  }

  email(): string {
    return this.state?.email ?? "";
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async signIn(email: string, password: string): Promise<void> {
    const data = await saleorPost<TokenCreate>(this.saleorApiUrl, TOKEN_CREATE, { email, password });
    const result = data.tokenCreate;
    if (result.errors.length || !result.token || !result.refreshToken) {
      throw new SignInFailure(result.errors.map((e) => e.message).join("; ") || "sign-in failed", 400);
    }
    this.store({ email, token: result.token, refreshToken: result.refreshToken });
  }

  async accessToken(): Promise<string> {
    if (!this.state) throw new SignInFailure("signed out", 401);
    const expiry = tokenExpiry(this.state.token);
    if (expiry !== null && expiry - Date.now() < REFRESH_MARGIN_MS) await this.refresh();
    return this.state!.token;
  }

  refresh(): Promise<void> {
    this.refreshing ??= this.renew().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async renew(): Promise<void> {
    try {
      const data = await saleorPost<TokenRefresh>(this.saleorApiUrl, TOKEN_REFRESH, {
        refreshToken: this.state?.refreshToken,
      });
      if (!data.tokenRefresh.token || !this.state) throw new SignInFailure("refresh refused", 401);
      this.store({ ...this.state, token: data.tokenRefresh.token });
    } catch (error) {
      this.signOut();
      throw error;
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const expiry = this.state && tokenExpiry(this.state.token);
    if (!expiry) return;
    const wait = Math.max(0, expiry - Date.now() - REFRESH_MARGIN_MS);
    this.timer = setTimeout(() => this.refresh().catch(() => {}), wait);
  }

  private store(state: Stored): void {
    this.state = state;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    this.schedule();
    this.listeners.forEach((listener) => listener());
  }

  signOut(): void {
    clearTimeout(this.timer);
    this.state = null;
    sessionStorage.removeItem(STORAGE_KEY);
    this.listeners.forEach((listener) => listener());
  }
}
