import { renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { IntlProvider } from "react-intl";
import { describe, expect, it } from "vitest";

import { MESSAGES, useT } from ".";

function labels(locale: "en" | "ja") {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <IntlProvider locale={locale} messages={MESSAGES[locale]}>
      {children}
    </IntlProvider>
  );
  return renderHook(() => useT(), { wrapper }).result.current;
}

describe("what the API answers, in the page's language", () => {
  it("labels the engine's end reasons, also inside a cancelled delivery's reason", () => {
    const ja = labels("ja");
    expect(ja.reason("purchased_again")).toBe("再購入");
    expect(ja.reason("enrollment converted: purchased_again")).toBe("購入: 再購入");
    expect(ja.reason("ended by step 2 (offer)")).toBe("ステップ 3 (offer) で終了");
    expect(ja.reason("moved to unpaid-reminders")).toBe("unpaid-reminders へ移動");
    expect(ja.label("trigger", "LINE_FRIEND_ADDED")).toBe("LINE友だち追加");
  });

  it("reads an API error as its code on the Japanese page, as the server wrote it in English", () => {
    const error = { field: "isActive", message: "isActive must be a boolean", code: "INVALID" };
    expect(labels("ja").apiError(error)).toBe("入力が正しくありません");
    expect(labels("en").apiError(error)).toBe("isActive must be a boolean");
  });

  it("names the zone of every time it shows", () => {
    expect(labels("en").dateTime("2026-12-08T01:00:00Z")).toMatch(/UTC|GMT/);
  });
});
