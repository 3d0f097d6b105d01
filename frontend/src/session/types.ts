// What the page needs of a sign-in, standalone (Saleor's tokenCreate) or inside the Dashboard
// (App Bridge): a current access token, a way to get a fresh one after a refusal, the
// operator's address.
export interface Session {
  readonly embedded: boolean;
  signedIn(): boolean;
  email(): string;
  accessToken(): Promise<string>;
  refresh(): Promise<void>;
  signOut(): void;
  onChange(listener: () => void): () => void;
}

export class SignInFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

// The `exp` of a JWT in milliseconds, or null when it has none.
export function tokenExpiry(token: string): number | null {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const exp = JSON.parse(atob(part)).exp;
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}

export function tokenEmail(token: string): string {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const email = JSON.parse(atob(part)).email;
    return typeof email === "string" ? email : "";
  } catch {
    return "";
  }
}
