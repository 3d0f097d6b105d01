// When and how the scenario's mail works, for the mails sent in the range: a weekday x hour
// heatmap, rates by how many mails the customer had just had, rates per step and variant, a
// sortable table of clicked links, and a CSV of every table (the API's stepmailReportCsv).
import { Button } from "@saleor/macaw-ui";
import { useState } from "react";

import { NativeSelect } from "../../components/forms";
import { Card, Failed, Heading, Hint, Loading, Muted } from "../../components/layout";
import type { FiguresFragment, StepmailReportTable } from "../../gql/graphql";
import { useApi, useLoad } from "../../graphql/use-api";
import type { DayRange } from "../../lib/dates";
import { downloadCsv } from "../../lib/download";
import { type MessageKey, useT } from "../../i18n";
import { AnalysisQuery, ReportCsvQuery } from "./queries";
import { moneyValue } from "./ScenarioResults";

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]; // ISO, Monday first
const METRICS = ["clickThroughRate", "conversionRate", "openRate"] as const;
export const EXPORTS: StepmailReportTable[] = ["STEP_STATS", "VARIANT_STATS", "RATES", "SEND_TIME", "FREQUENCY", "LINKS", "HOLDOUT"];

type Cell = { weekday: number; hour: number; figures: FiguresFragment };

function Heatmap({ cells }: { cells: Cell[] }) {
  const { t, percent, number, locale } = useT();
  const [metric, setMetric] = useState<(typeof METRICS)[number]>("clickThroughRate");
  const byKey = new Map(cells.map((c) => [`${c.weekday}:${c.hour}`, c]));
  const best = Math.max(0, ...cells.map((c) => c.figures[metric]));
  // 2024-01-01 was a Monday.
  const weekday = (d: number) => new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, d)));
  return (
    <Card className="send-time" aria-labelledby="send-time-title">
      <Heading id="send-time-title">{t("sendTime")}</Heading>
      <Hint>{t("sendTimeHint")}</Hint>
      <label htmlFor="heatmap-metric">{t("metric")}</label>{" "}
      <NativeSelect id="heatmap-metric" value={metric} options={METRICS.map((m) => [m, t(m)])} onChange={(v) => setMetric(v as typeof metric)} />
      {cells.length ? (
        <div className="scroll">
          <table className="heatmap" data-metric={metric}>
            <thead>
              <tr>
                <th />
                {HOURS.map((hour) => (
                  <th scope="col" key={hour}>
                    {hour}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {WEEKDAYS.map((d) => (
                <tr key={d}>
                  <th scope="row">{weekday(d)}</th>
                  {HOURS.map((hour) => {
                    const cell = byKey.get(`${d}:${hour}`);
                    if (!cell) return <td key={hour} className="empty" />;
                    const f = cell.figures;
                    const strength = best ? f[metric] / best : 0;
                    return (
                      <td
                        key={hour}
                        data-weekday={d}
                        data-hour={hour}
                        data-sent={f.sent}
                        data-clicked={f.clicked}
                        data-converted={f.converted}
                        style={{ background: `rgba(42, 91, 215, ${(0.08 + 0.8 * strength).toFixed(2)})`, color: strength > 0.55 ? "#fff" : "inherit" }}
                        title={t("heatTitle", { n: number(f.sent), ctr: percent(f.clickThroughRate), cvr: percent(f.conversionRate) })}
                      >
                        {percent(f[metric])}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Muted>{t("noMails")}</Muted>
      )}
    </Card>
  );
}

// Each column: the figure's name in StepmailMailFigures and how its value is shown.
const FIGURE_COLUMNS = ["sent", "clickThroughRate", "clickToOpenRate", "conversionRate", "revenue", "revenuePerMail"] as const;

function FigureCells({ f }: { f: FiguresFragment }) {
  const { t, number, percent, money } = useT();
  return (
    <>
      {FIGURE_COLUMNS.map((key) => {
        const value = f[key];
        const shown = Array.isArray(value) ? money(value) : key === "sent" ? number(value) : percent(value);
        return (
          <td key={key} className="num" data-label={t(key)} data-figure={key} data-value={Array.isArray(value) ? moneyValue(value) : value}>
            {shown}
          </td>
        );
      })}
    </>
  );
}

function FiguresTable({ className, first, rows }: { className: string; first: string; rows: { key: string; label: string; attrs: Record<string, string | number>; figures: FiguresFragment }[] }) {
  const { t } = useT();
  return (
    <div className="scroll">
      <table className={`responsive ${className}`}>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {FIGURE_COLUMNS.map((key) => (
              <th scope="col" key={key}>
                {t(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} {...r.attrs}>
              <th scope="row" data-label={first}>
                {r.label}
              </th>
              <FigureCells f={r.figures} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type LinkRow = { step: { position: number; name: string }; variant?: { name: string } | null; url: string; clicks: number; customers: number; share: number; conversions: number };
const LINK_COLUMNS: { key: MessageKey; value: (r: LinkRow) => string | number; num?: boolean }[] = [
  { key: "step", value: (r) => r.step.position },
  { key: "variant", value: (r) => r.variant?.name ?? "" },
  { key: "url", value: (r) => r.url },
  { key: "clicks", value: (r) => r.clicks, num: true },
  { key: "customers", value: (r) => r.customers, num: true },
  { key: "share", value: (r) => r.share, num: true },
  { key: "conversions", value: (r) => r.conversions, num: true },
];

function Links({ rows }: { rows: LinkRow[] }) {
  const { t, number, percent } = useT();
  const [sort, setSort] = useState<{ key: MessageKey; descending: boolean } | null>(null);
  const column = LINK_COLUMNS.find((c) => c.key === sort?.key);
  // Unsorted: as the API answers (most clicked first).
  const sorted = column
    ? [...rows].sort((a, b) => {
        const x = column.value(a);
        const y = column.value(b);
        const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return sort!.descending ? -order : order;
      })
    : rows;
  const text = (key: MessageKey, r: LinkRow) =>
    key === "step" ? r.step.position + 1 : key === "variant" ? (r.variant?.name ?? "—") : key === "url" ? r.url || t("erasedUrl") : key === "share" ? percent(r.share) : number(r[key as "clicks"]);
  return (
    <Card className="links" aria-labelledby="links-title">
      <Heading id="links-title">{t("links")}</Heading>
      <Hint>{t("linksHint")}</Hint>
      {rows.length ? (
        <div className="scroll">
          <table className="responsive link-table">
            <thead>
              <tr>
                {LINK_COLUMNS.map((c) => (
                  <th key={c.key} scope="col" data-column={c.key} aria-sort={sort?.key === c.key ? (sort.descending ? "descending" : "ascending") : "none"}>
                    <button
                      type="button"
                      className="sort"
                      data-sort={c.key}
                      onClick={() => setSort((s) => ({ key: c.key, descending: s?.key === c.key ? !s.descending : Boolean(c.num) }))}
                    >
                      {t(c.key)}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((r, i) => (
                <tr key={i} data-url={r.url} data-step={r.step.position} data-variant={r.variant?.name ?? ""}>
                  {LINK_COLUMNS.map((c) => (
                    <td key={c.key} className={c.num ? "num" : ""} data-column={c.key} data-label={t(c.key)}>
                      {text(c.key, r)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Muted>{t("noClicks")}</Muted>
      )}
    </Card>
  );
}

function Exports({ scenario, range }: { scenario: { id: string; slug: string }; range: DayRange }) {
  const { t } = useT();
  const { query } = useApi();
  const [message, setMessage] = useState("");
  const [done, setDone] = useState<string[]>([]);
  const [busy, setBusy] = useState("");
  const run = async (table: StepmailReportTable) => {
    setBusy(table);
    setMessage("");
    try {
      const data = await query(ReportCsvQuery, { table, id: scenario.id, start: range.start, end: range.end });
      downloadCsv(`${scenario.slug}-${table.toLowerCase()}-${range.startDay}-${range.endDay}.csv`, data.stepmailReportCsv);
      setDone((d) => [...d, table]);
    } catch (failure) {
      setMessage(t("failed", { m: (failure as Error).message }));
    } finally {
      setBusy("");
    }
  };
  return (
    <Card className="exports" aria-labelledby="exports-title">
      <Heading id="exports-title">{t("exports")}</Heading>
      <Hint>{t("exportsHint")}</Hint>
      <div className="buttons">
        {EXPORTS.map((table) => (
          <Button key={table} type="button" variant="secondary" data-export={table} data-downloaded={done.includes(table) ? "true" : undefined} disabled={busy === table} onClick={() => run(table)}>
            {t(`export_${table}` as MessageKey)}
          </Button>
        ))}
      </div>
      <p className="form-error" role="alert">
        {message}
      </p>
    </Card>
  );
}

export function AnalysisSections({ scenario, range }: { scenario: { id: string; slug: string }; range: DayRange; timeZone: string }) {
  const { t } = useT();
  const { query } = useApi();
  const analysis = useLoad(() => query(AnalysisQuery, { id: scenario.id, start: range.start, end: range.end }), [scenario.id, range.start, range.end]);
  if (analysis.error) return <Failed message={analysis.error} />;
  if (!analysis.data) return <Loading />;
  const data = analysis.data;
  const rateLabel = (r: (typeof data.stepmailMailRates)[number]) =>
    r.level === "SCENARIO" ? t("allSteps") : r.level === "STEP" ? `${t("step")} ${(r.step?.position ?? 0) + 1}. ${r.step?.name}` : `↳ ${r.variant?.name}`;
  return (
    <>
      <Heatmap cells={data.stepmailSendTimeStats} />
      <Card className="frequency" aria-labelledby="frequency-title">
        <Heading id="frequency-title">{t("frequency")}</Heading>
        <Hint>{t("frequencyHint")}</Hint>
        <FiguresTable
          className="frequency-table"
          first={t("earlierMails")}
          rows={data.stepmailFrequencyStats.map((r) => ({ key: String(r.earlierMails), label: r.orMore ? `${r.earlierMails}+` : String(r.earlierMails), attrs: { "data-earlier": r.earlierMails }, figures: r.figures }))}
        />
      </Card>
      <Card className="rates" aria-labelledby="rates-title">
        <Heading id="rates-title">{t("rates")}</Heading>
        <FiguresTable
          className="rates-table"
          first={t("name")}
          rows={data.stepmailMailRates.map((r, i) => ({
            key: String(i),
            label: rateLabel(r),
            attrs: { className: r.level.toLowerCase(), "data-step": r.step?.position ?? "", "data-variant": r.variant?.name ?? "" },
            figures: r.figures,
          }))}
        />
      </Card>
      <Links rows={data.stepmailLinkStats} />
      <Exports scenario={scenario} range={range} />
    </>
  );
}
