// Charts as inline SVG: a step timeline, a step's funnel, and an interval around a lift.

import { svg } from "./dom.js";
import { number, percent, points, t } from "./i18n.js";

// Each stage of a step's funnel with the rate the API gives for it (engine/figures.py RATES).
const FUNNEL = [
  ["sent", null],
  ["delivered", "deliveryRate"],
  ["opened", "openRate"],
  ["clicked", "clickThroughRate"],
  ["converted", "conversionRate"],
];

// `width` is the drawing's width in CSS pixels, so that its text stays legible on a phone.
export function timelineChart(steps, onSelect, width = 640) {
  const lastDay = Math.max(30, ...steps.map((s) => s.delayDays));
  const left = 16;
  const right = width - 16;
  const x = (day) => left + ((right - left) * day) / lastDay;
  const ticks = (width < 480 ? [0, 14, 30] : [0, 7, 14, 21, 30]).filter((d) => d <= lastDay);
  if (lastDay > 30) ticks.push(lastDay);
  const anchor = (px) => (px < left + 40 ? "start" : px > right - 40 ? "end" : "middle");
  const labelChars = width < 480 ? 10 : 18;
  return svg(
    "svg",
    { viewBox: `0 0 ${width} 84`, class: "chart timeline", role: "img",
      "aria-label": steps.map((s) => `${s.position + 1}: ${t("day", { n: s.delayDays })}`).join(", ") },
    svg("line", { x1: left, x2: right, y1: 44, y2: 44, class: "axis" }),
    ticks.map((day) => [
      svg("line", { x1: x(day), x2: x(day), y1: 40, y2: 48, class: "axis" }),
      svg("text", { x: x(day), y: 72, "text-anchor": anchor(x(day)), class: "tick" }, t("day", { n: day })),
    ]),
    steps.map((step, i) => {
      const cx = Math.min(Math.max(x(step.delayDays), left + 11), right - 11);
      const name = step.name.length > labelChars ? `${step.name.slice(0, labelChars - 1)}…` : step.name;
      return svg(
        "g",
        { class: step.isActive ? "marker" : "marker inactive", "data-day": step.delayDays,
          onclick: () => onSelect(step) },
        svg("title", {}, `${step.position + 1}. ${step.name} — ${t("day", { n: step.delayDays })}`),
        svg("circle", { cx, cy: 44, r: 11 }),
        svg("text", { x: cx, y: 48, "text-anchor": "middle" }, step.position + 1),
        // Neighbouring steps alternate their labels between two rows above the line.
        svg("text", { x: anchor(cx) === "start" ? cx - 11 : anchor(cx) === "end" ? cx + 11 : cx,
          y: 24 - (i % 2) * 12, "text-anchor": anchor(cx), class: "label" }, name),
      );
    }),
  );
}

// `figures` is a StepmailMailFigures as the API returns it; bars are drawn to scale of `sent`.
export function funnelChart(figures, title, width = 360) {
  const rowHeight = 30;
  const labelWidth = 84;
  const barMax = Math.max(80, width - labelWidth - 112);
  const top = figures.sent || 1;
  return svg(
    "svg",
    { viewBox: `0 0 ${width} ${rowHeight * FUNNEL.length}`, class: "chart funnel", role: "img",
      "aria-label": `${title}: ${FUNNEL.map(([e]) => `${t(e)} ${figures[e]}`).join(", ")}` },
    FUNNEL.map(([event, rate], i) => {
      const value = figures[event];
      const y = i * rowHeight;
      const width = Math.max(value ? 2 : 0, (barMax * value) / top);
      return svg(
        "g",
        { "data-event": event, "data-value": value, "data-rate": rate ? figures[rate] : "" },
        svg("title", {}, rate ? t(rate) : t(event)),
        svg("text", { x: 0, y: y + 19, class: "label" }, t(event)),
        svg("rect", { x: labelWidth, y: y + 5, width: barMax, height: 20, class: "track", rx: 3 }),
        svg("rect", { x: labelWidth, y: y + 5, width, height: 20, class: `bar ${event}`, rx: 3 }),
        svg("text", { x: labelWidth + barMax + 8, y: y + 19, class: "value" },
          `${number(value)}${rate ? ` (${percent(figures[rate])})` : ""}`),
      );
    }),
  );
}

export function intervalChart(lift, low, high) {
  const reach = Math.max(0.05, Math.abs(low), Math.abs(high)) * 1.2;
  const width = 360;
  const x = (v) => 20 + ((width - 40) * (v + reach)) / (2 * reach);
  return svg(
    "svg",
    { viewBox: `0 0 ${width} 64`, class: "chart interval", role: "img",
      "aria-label": t("lift", { v: points(lift), lo: points(low), hi: points(high) }) },
    svg("line", { x1: 20, x2: width - 20, y1: 28, y2: 28, class: "axis" }),
    svg("line", { x1: x(0), x2: x(0), y1: 12, y2: 44, class: "zero" }),
    svg("text", { x: x(0), y: 58, "text-anchor": "middle", class: "tick" }, "0"),
    svg("line", { x1: x(low), x2: x(high), y1: 28, y2: 28, class: "ci" }),
    svg("line", { x1: x(low), x2: x(low), y1: 20, y2: 36, class: "ci" }),
    svg("line", { x1: x(high), x2: x(high), y1: 20, y2: 36, class: "ci" }),
    svg("circle", { cx: x(lift), cy: 28, r: 6, class: "estimate" }),
    svg("text", { x: x(low), y: 14, "text-anchor": "middle", class: "tick" }, points(low)),
    svg("text", { x: x(high), y: 14, "text-anchor": "middle", class: "tick" }, points(high)),
  );
}
