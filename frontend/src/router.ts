// The page's hash router, and the guard that keeps unsaved edits: while a form has changes,
// leaving it (another screen, a reload, closing the tab) asks first.
import { useEffect, useSyncExternalStore } from "react";

const dirty = new Set<string>();
let confirmLeave: () => boolean = () => true;

export function setLeavePrompt(ask: () => boolean): void {
  confirmLeave = ask;
}

function leaveAllowed(): boolean {
  if (!dirty.size || !confirmLeave()) return !dirty.size;
  dirty.clear();
  return true;
}

const listeners = new Set<() => void>();
window.addEventListener("hashchange", (event) => {
  if (!leaveAllowed()) {
    // Back to where the edits are, without a new history entry or another hashchange.
    history.replaceState(null, "", new URL(event.oldURL).hash || "#/");
    return;
  }
  listeners.forEach((listener) => listener());
});
window.addEventListener("beforeunload", (event) => {
  if (dirty.size) event.preventDefault();
});

export function navigate(hash: string): void {
  if (hash === window.location.hash) {
    listeners.forEach((listener) => listener());
    return;
  }
  window.location.hash = hash;
}

export function useHash(): string {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => window.location.hash,
  );
}

// Marks the form `name` as holding unsaved edits while `isDirty`.
export function useUnsavedGuard(name: string, isDirty: boolean): void {
  useEffect(() => {
    if (isDirty) dirty.add(name);
    else dirty.delete(name);
    return () => {
      dirty.delete(name);
    };
  }, [name, isDirty]);
}

export function parseHash(hash: string): { path: string; params: URLSearchParams } {
  const [path, query] = (hash || "#/").split("?");
  return { path: path || "#/", params: new URLSearchParams(query || "") };
}

export const scenarioUrl = (id: string, page = "") => `#/scenarios/${encodeURIComponent(id)}${page ? `/${page}` : ""}`;
export const stepUrl = (scenarioId: string, stepId: string) =>
  `#/scenarios/${encodeURIComponent(scenarioId)}/steps/${encodeURIComponent(stepId)}`;
