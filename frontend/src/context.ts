// What every screen reads: the session, the Saleor API's URL, and the Dashboard's bridge when
// the page runs inside it.
import { createContext, useContext } from "react";

import type { DashboardSession } from "./session/dashboard";
import type { Session } from "./session/types";

export interface PageContext {
  session: Session;
  dashboard: DashboardSession | null;
  saleorApiUrl: string;
}

export const Page = createContext<PageContext | null>(null);

export function usePage(): PageContext {
  const page = useContext(Page);
  if (!page) throw new Error("usePage outside the page");
  return page;
}
