// The scenario page's charts on visx (scales and shapes from d3, drawn as SVG by React): the
// steps on a timeline, a step's funnel, the interval around the holdout's lift.
import { Group } from "@visx/group";
import { scaleLinear } from "@visx/scale";
import { Bar, Circle, Line } from "@visx/shape";

import { useT } from "../../i18n";
import type { FiguresFragment } from "../../gql/graphql";

// Each stage of a step's funnel with the rate the API gives for it (engine/figures.py RATES).
const FUNNEL = [
  ["sent", null],
  ["delivered", "deliveryRate"],
  ["opened", "openRate"],
  ["clicked", "clickThroughRate"],
  ["converted", "conversionRate"],
] as const;

export function FunnelChart({ figures, title, width }: { figures: FiguresFragment; title: string; width: number }) {
  const { t, number, percent } = useT();
  const rowHeight = 30;
  const labelWidth = 84;
  const barMax = Math.max(80, width - labelWidth - 112);
  const x = scaleLinear({ domain: [0, figures.sent || 1], range: [0, barMax] });
  return (
    <svg
      viewBox={`0 0 ${width} ${rowHeight * FUNNEL.length}`}
      className="chart funnel"
      role="img"
      aria-label={`${title}: ${FUNNEL.map(([e]) => `${t(e)} ${figures[e]}`).join(", ")}`}
    >
      {FUNNEL.map(([event, rate], i) => {
        const value = figures[event];
        const y = i * rowHeight;
        return (
          <Group key={event} data-event={event} data-value={value} data-rate={rate ? figures[rate] : ""}>
            <title>{rate ? t(rate) : t(event)}</title>
            <text x={0} y={y + 19} className="label">
              {t(event)}
            </text>
            <Bar x={labelWidth} y={y + 5} width={barMax} height={20} className="track" rx={3} />
            <Bar x={labelWidth} y={y + 5} width={Math.max(value ? 2 : 0, x(value))} height={20} className={`bar ${event}`} rx={3} />
            <text x={labelWidth + barMax + 8} y={y + 19} className="value">
              {`${number(value)}${rate ? ` (${percent(figures[rate])})` : ""}`}
            </text>
          </Group>
        );
      })}
    </svg>
  );
}

interface TimelineStep {
  id: string;
  position: number;
  name: string;
  delayDays: number;
  isActive: boolean;
}

export function TimelineChart({ steps, onSelect, width }: { steps: TimelineStep[]; onSelect: (step: TimelineStep) => void; width: number }) {
  const { t } = useT();
  const lastDay = Math.max(30, ...steps.map((s) => s.delayDays));
  const left = 16;
  const right = width - 16;
  const x = scaleLinear({ domain: [0, lastDay], range: [left, right] });
  const ticks = (width < 480 ? [0, 14, 30] : [0, 7, 14, 21, 30]).filter((d) => d <= lastDay);
  if (lastDay > 30) ticks.push(lastDay);
  const anchor = (px: number) => (px < left + 40 ? "start" : px > right - 40 ? "end" : "middle");
  const labelChars = width < 480 ? 10 : 18;
  return (
    <svg viewBox={`0 0 ${width} 84`} className="chart timeline" role="img" aria-label={steps.map((s) => `${s.position + 1}: ${t("day", { n: s.delayDays })}`).join(", ")}>
      <Line from={{ x: left, y: 44 }} to={{ x: right, y: 44 }} className="axis" />
      {ticks.map((day) => (
        <Group key={day}>
          <Line from={{ x: x(day), y: 40 }} to={{ x: x(day), y: 48 }} className="axis" />
          <text x={x(day)} y={72} textAnchor={anchor(x(day))} className="tick">
            {t("day", { n: day })}
          </text>
        </Group>
      ))}
      {steps.map((step, i) => {
        const cx = Math.min(Math.max(x(step.delayDays), left + 11), right - 11);
        const name = step.name.length > labelChars ? `${step.name.slice(0, labelChars - 1)}…` : step.name;
        const side = anchor(cx);
        return (
          <Group key={step.id} className={step.isActive ? "marker" : "marker inactive"} data-day={step.delayDays} onClick={() => onSelect(step)}>
            <title>{`${step.position + 1}. ${step.name} — ${t("day", { n: step.delayDays })}`}</title>
            <Circle cx={cx} cy={44} r={11} />
            <text x={cx} y={48} textAnchor="middle">
              {step.position + 1}
            </text>
            {/* Neighbouring steps alternate their labels between two rows above the line. */}
            <text x={side === "start" ? cx - 11 : side === "end" ? cx + 11 : cx} y={24 - (i % 2) * 12} textAnchor={side} className="label">
              {name}
            </text>
          </Group>
        );
      })}
    </svg>
  );
}

export function IntervalChart({ lift, low, high }: { lift: number; low: number; high: number }) {
  const { t, points } = useT();
  const reach = Math.max(0.05, Math.abs(low), Math.abs(high)) * 1.2;
  const width = 360;
  const x = scaleLinear({ domain: [-reach, reach], range: [20, width - 20] });
  return (
    <svg viewBox={`0 0 ${width} 64`} className="chart interval" role="img" aria-label={t("lift", { v: points(lift), lo: points(low), hi: points(high) })}>
      <Line from={{ x: 20, y: 28 }} to={{ x: width - 20, y: 28 }} className="axis" />
      <Line from={{ x: x(0), y: 12 }} to={{ x: x(0), y: 44 }} className="zero" />
      <text x={x(0)} y={58} textAnchor="middle" className="tick">
        0
      </text>
      <Line from={{ x: x(low), y: 28 }} to={{ x: x(high), y: 28 }} className="ci" />
      <Line from={{ x: x(low), y: 20 }} to={{ x: x(low), y: 36 }} className="ci" />
      <Line from={{ x: x(high), y: 20 }} to={{ x: x(high), y: 36 }} className="ci" />
      <Circle cx={x(lift)} cy={28} r={6} className="estimate" />
      <text x={x(low)} y={14} textAnchor="middle" className="tick">
        {points(low)}
      </text>
      <text x={x(high)} y={14} textAnchor="middle" className="tick">
        {points(high)}
      </text>
    </svg>
  );
}
