// English and Japanese labels (react-intl): every label the page shows, every value of the API's
// enums, end reasons, facts and error codes. The first visit follows the browser's language
// (inside the Dashboard: the Dashboard's locale); the toggle sticks.
import { useIntl } from "react-intl";

import en from "./en.json";
import ja from "./ja.json";

export type Language = "en" | "ja";
export type MessageKey = keyof typeof en;
export const MESSAGES: Record<Language, Record<string, string>> = { en, ja };
const STORAGE_KEY = "stepmail.language";

export function languageOf(locale: string | null | undefined): Language {
  return (locale ?? "").toLowerCase().startsWith("ja") ? "ja" : "en";
}

export function initialLanguage(): Language {
  return languageOf(localStorage.getItem(STORAGE_KEY) || navigator.language);
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
}

export interface ApiError {
  field?: string | null;
  message: string;
  code: string;
}

export function useT() {
  const intl = useIntl();
  const has = (key: string) => Object.prototype.hasOwnProperty.call(intl.messages, key);
  const t = (key: MessageKey, values?: Record<string, string | number>) =>
    intl.formatMessage({ id: key }, values) as string;
  // A value of the API (an enum, a reason, a fact) under its namespace; unknown ones as they are.
  const label = (space: string, value: string | null | undefined): string =>
    value ? (has(`${space}.${value}`) ? (intl.formatMessage({ id: `${space}.${value}` }) as string) : value) : "—";
  // Why an enrolment ended or a delivery was not sent: the engine's words, labelled where they
  // are its fixed reasons ("purchased_again", "enrollment converted: purchased_again").
  const reason = (text: string | null | undefined): string => {
    if (!text) return "—";
    if (has(`reason.${text}`)) return label("reason", text);
    const ended = /^enrollment (\w+)(?:: (.+))?$/.exec(text);
    if (ended) return [label("enrollment", ended[1].toUpperCase()), ended[2] ? reason(ended[2]) : ""].filter(Boolean).join(": ");
    // engine/branching.py: an END step (by its position, from 0) and a MOVE step's target.
    const byStep = /^ended by step (\d+)(?: \((.*)\))?$/.exec(text);
    if (byStep) return t("reasonEndedByStep", { n: Number(byStep[1]) + 1, name: byStep[2] ? ` (${byStep[2]})` : "" });
    const moved = /^moved to (\S+)$/.exec(text);
    if (moved) return t("reasonMovedTo", { slug: moved[1] });
    return text;
  };
  const number = (value: number, options?: Intl.NumberFormatOptions) => intl.formatNumber(value, options);
  const percent = (rate: number) => intl.formatNumber(rate, { style: "percent", maximumFractionDigits: 1 });
  const points = (rate: number) =>
    intl.formatNumber(rate * 100, { maximumFractionDigits: 1, signDisplay: "exceptZero" });
  // A moment, always with the zone it is shown in.
  const dateTime = (iso: string | null | undefined) =>
    iso
      ? intl.formatDate(iso, {
          year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
        })
      : "";
  const money = (list: { amount: string | number; currency: string }[]) =>
    list.length
      ? list.map((m) => intl.formatNumber(Number(m.amount), { style: "currency", currency: m.currency })).join(" / ")
      : "—";
  // An error of the API in the page's language: its code's label, the field's label; in
  // English the server's own sentence, which names what to fix.
  const apiError = (error: ApiError): string => {
    if (intl.locale === "en") return error.message;
    const text = intl.formatMessage({ id: `error.${has(`error.${error.code}`) ? error.code : "INVALID"}` }, { m: "" }) as string;
    return text.replace(/[：:]\s*$/, "");
  };
  return { t, label, reason, number, percent, points, dateTime, money, apiError, locale: intl.locale as Language };
}
