// Starts the page on the element the server rendered (saleor_stepmail/templates/…/dashboard.html),
// which names the plugin's API and Saleor's.
import "@saleor/macaw-ui/style";
import "./style.css";

import { createRoot } from "react-dom/client";

import { App } from "./App";
import { DashboardSession, embeddedInDashboard } from "./session/dashboard";
import { StandaloneSession } from "./session/standalone";

const root = document.getElementById("app")!;
const saleorApiUrl = root.dataset.saleorApiUrl || "/graphql/";
const dashboard = embeddedInDashboard() ? new DashboardSession() : null;
const session = dashboard ?? new StandaloneSession(saleorApiUrl);

// The Dashboard opens an order's or a customer's "more actions" entry with that object's id.
const openedFor = new URLSearchParams(window.location.search).get("id");
if (openedFor && !window.location.hash) {
  history.replaceState(null, "", `${window.location.search}#/customer?${new URLSearchParams({ id: openedFor })}`);
}

createRoot(root).render(<App page={{ session, dashboard, saleorApiUrl }} apiUrl={root.dataset.apiUrl || "graphql/"} />);
