// The plugin's GraphQL API, called with the session's access token; a 401 renews it once.

import { GraphQLFailure, postGraphQL } from "./graphql.js";

export class Api {
  constructor(url, session) {
    this.url = url;
    this.session = session;
  }

  async query(document, variables = {}) {
    try {
      return await postGraphQL(this.url, document, variables, await this.session.accessToken());
    } catch (error) {
      if (!(error instanceof GraphQLFailure) || error.status !== 401) throw error;
      await this.session.refresh();
      return postGraphQL(this.url, document, variables, await this.session.accessToken());
    }
  }

  // A mutation's payload; its `errors` list is left to the caller (they belong next to fields).
  async mutate(document, variables, name) {
    const data = await this.query(document, variables);
    return data[name];
  }
}
