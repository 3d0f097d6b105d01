// The plugin's GraphQL API through urql, with the session's token; a refused token (401) is
// renewed once. No cache: every screen reads the API's figures as they are now.
import { Client, fetchExchange } from "urql";

import type { Session } from "../session/types";

export function authenticatedFetch(session: Session): typeof fetch {
  return async (input, init) => {
    const send = async () => {
      const headers = new Headers(init?.headers);
      headers.set("Authorization", `Bearer ${await session.accessToken()}`);
      return fetch(input, { ...init, headers });
    };
    const response = await send();
    if (response.status !== 401) return response;
    await session.refresh();
    return send();
  };
}

export function apiClient(url: string, session: Session): Client {
  return new Client({
    url,
    exchanges: [fetchExchange],
    fetch: authenticatedFetch(session),
    requestPolicy: "network-only",
    preferGetMethod: false,
  });
}
