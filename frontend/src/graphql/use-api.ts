// Reading and writing through the API from a screen: `useLoad` reads when its inputs change
// (with a reload after a write), `useApi` sends one operation and throws what failed.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { type AnyVariables, type CombinedError, useClient } from "urql";

import { useT } from "../i18n";

export class ApiFailure extends Error {}

function failure(error: CombinedError, t: ReturnType<typeof useT>["t"]): ApiFailure {
  if (error.networkError) return new ApiFailure(t("error.network"));
  const status = (error.response as Response | undefined)?.status;
  const messages = error.graphQLErrors.map((e) => e.message).join("; ");
  return new ApiFailure(messages ? t("error.GRAPHQL_ERROR", { m: messages }) : t("error.http", { status: status ?? 0 }));
}

export function useApi() {
  const client = useClient();
  const { t } = useT();
  const query = useCallback(
    async <D, V extends AnyVariables>(document: TypedDocumentNode<D, V>, variables: V): Promise<D> => {
      const result = await client.query(document, variables).toPromise();
      if (result.error) throw failure(result.error, t);
      return result.data as D;
    },
    [client, t],
  );
  const mutate = useCallback(
    async <D, V extends AnyVariables>(document: TypedDocumentNode<D, V>, variables: V): Promise<D> => {
      const result = await client.mutation(document, variables).toPromise();
      if (result.error) throw failure(result.error, t);
      return result.data as D;
    },
    [client, t],
  );
  return { query, mutate };
}

export interface Loaded<T> {
  data: T | undefined;
  error: string;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, inputs: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState("");
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  // `load` is a new function at each render: `inputs` say when to read again. Only the latest
  // read's answer is shown, so a slow earlier one cannot overwrite it.
  useEffect(() => {
    const mine = ++latest.current;
    load().then(
      (value) => {
        if (mine !== latest.current) return;
        setData(value);
        setError("");
      },
      (reason: Error) => {
        if (mine === latest.current) setError(reason.message);
      },
    );
  }, [...inputs, round]);
  return { data, error, reload: () => setRound((n) => n + 1) };
}
