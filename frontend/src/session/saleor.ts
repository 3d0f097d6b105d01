// Calls to Saleor's own API (sign-in, whose an order is): not the plugin's schema, so their
// answers are typed here by hand, and only the fields the page reads.
import { SignInFailure } from "./types";

export async function saleorPost<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new SignInFailure("network", 0);
  }
  const body = await response.json().catch(() => ({}));
  if (body.errors?.length) throw new SignInFailure(body.errors.map((e: { message: string }) => e.message).join("; "), response.status);
  if (!response.ok || !body.data) throw new SignInFailure(`HTTP ${response.status}`, response.status);
  return body.data as T;
}
