// One POST of {query, variables}; errors come back as GraphQLFailure with the server's message.

export class GraphQLFailure extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export async function postGraphQL(url, query, variables = {}, token = null) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch (error) {
    throw new GraphQLFailure(`network error: ${error.message}`, 0);
  }
  const body = await response.json().catch(() => ({}));
  if (body.errors && body.errors.length) {
    throw new GraphQLFailure(body.errors.map((e) => e.message).join("; "), response.status);
  }
  if (!response.ok || !body.data) {
    throw new GraphQLFailure(`HTTP ${response.status}`, response.status);
  }
  return body.data;
}
