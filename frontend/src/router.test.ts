import { afterEach, describe, expect, it, vi } from "vitest";

import { navigate, setLeavePrompt } from "./router";

// The guard is a hook; here its effect is set up as a mounted editor would (useUnsavedGuard).
async function withUnsavedEdits(run: () => Promise<void>) {
  const { renderHook } = await import("@testing-library/react");
  const { useUnsavedGuard } = await import("./router");
  const hook = renderHook(({ dirty }) => useUnsavedGuard("step", dirty), { initialProps: { dirty: true } });
  try {
    await run();
  } finally {
    hook.unmount();
  }
}

function hashChange(to: string): Promise<void> {
  return new Promise((resolve) => {
    window.addEventListener("hashchange", () => setTimeout(resolve), { once: true });
    navigate(to);
  });
}

describe("unsaved edits", () => {
  afterEach(() => setLeavePrompt(() => true));

  it("keep the operator on the editor when they answer no", async () => {
    window.location.hash = "#/scenarios/1/steps/2";
    const ask = vi.fn(() => false);
    setLeavePrompt(ask);
    await withUnsavedEdits(async () => {
      await hashChange("#/");
      expect(ask).toHaveBeenCalledOnce();
      expect(window.location.hash).toBe("#/scenarios/1/steps/2");
    });
  });

  it("ask before a reload or closing the tab", async () => {
    await withUnsavedEdits(async () => {
      const event = new Event("beforeunload", { cancelable: true });
      window.dispatchEvent(event);
      expect(event.defaultPrevented).toBe(true);
    });
    const after = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });
});
