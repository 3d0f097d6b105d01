// Repeat rate (docs/repeat-rate.md): of the shop's first buyers in a range, who bought again.
// A cohort heatmap (month of the first order x 30/60/90/180 days), a table by acquisition
// source (or medium, campaign, channel, category), days to the second order, revenue per
// customer per currency, and each program's lift over its holdout; a CSV of every table.
import { Button } from "@saleor/macaw-ui";
import { useState } from "react";

import { NativeSelect } from "../../components/forms";
import { Card, Failed, Heading, Hint, Loading, Muted, PageHeader } from "../../components/layout";
import { StepmailCohortDimension, type StepmailRepeatRateTable } from "../../gql/graphql";
import { useApi, useLoad } from "../../graphql/use-api";
import { type MessageKey, useT } from "../../i18n";
import { browserTimeZone, type DayRange } from "../../lib/dates";
import { downloadCsv } from "../../lib/download";
import { navigate, scenarioUrl } from "../../router";
import { RangeForm } from "../results/RangeForm";
import { cellShade, highestRate, repeatRange, type RepeatWindow, windowDays } from "./cohorts";
import { RepeatRateByQuery, RepeatRateCsvQuery, RepeatRateQuery } from "./queries";

type CohortRow = { key: string; firstBuyers: number; windows: readonly RepeatWindow[] };
const GROUPINGS = Object.values(StepmailCohortDimension).filter((d) => d !== StepmailCohortDimension.Month);

function CsvButton({ table, range }: { table: StepmailRepeatRateTable; range: DayRange }) {
  const { t } = useT();
  const { query } = useApi();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [message, setMessage] = useState("");
  const run = async () => {
    setBusy(true);
    setMessage("");
    try {
      const data = await query(RepeatRateCsvQuery, { table, start: range.start, end: range.end });
      downloadCsv(`repeat-rate-${table.toLowerCase().replace(/_/g, "-")}-${range.startDay}-${range.endDay}.csv`, data.stepmailRepeatRateCsv);
      setDone(true);
    } catch (failure) {
      setMessage(t("failed", { m: (failure as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="csv">
      <Button type="button" variant="secondary" size="small" data-export={table} data-downloaded={done ? "true" : undefined} disabled={busy} onClick={run}>
        {t("downloadCsv")}: {t(`repeatExport_${table}` as MessageKey)}
      </Button>
      <p className="form-error" role="alert">
        {message}
      </p>
    </div>
  );
}

// A window's rate, with who it counts in its title; empty where the API gives none (nobody of
// the group is old enough for the window yet).
function RateCell({ w, label, shade }: { w: RepeatWindow | undefined; label: string; shade?: number }) {
  const { t, percent, number } = useT();
  const rate = w?.rate ?? null;
  const look = shade === undefined ? null : cellShade(rate, shade);
  return (
    <td
      className={`num ${rate === null ? "empty" : ""}`}
      data-label={label}
      data-days={w?.days}
      data-rate={rate ?? ""}
      style={look && !look.empty ? { background: `rgba(42, 91, 215, ${look.alpha})`, color: look.dark ? "#fff" : "inherit" } : undefined}
      title={rate === null ? t("tooYoung") : t("repeatCellTitle", { r: number(w!.returned), e: number(w!.eligible) })}
    >
      {rate === null ? "" : percent(rate)}
    </td>
  );
}

/** The head of a table of windows: what a row is, its first buyers, then one column per window. */
function WindowsHead({ first, days }: { first: string; days: readonly number[] }) {
  const { t } = useT();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col" className="num">
          {t("firstBuyers")}
        </th>
        {days.map((d) => (
          <th scope="col" className="num" key={d}>
            {t("withinDays", { n: d })}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function CohortTable({ rows, first, className, shaded }: { rows: readonly CohortRow[]; first: string; className: string; shaded: boolean }) {
  const { t, number } = useT();
  const days = windowDays(rows);
  const highest = shaded ? highestRate(rows) : undefined;
  return (
    <div className="scroll">
      <table className={`responsive ${className}`}>
        <WindowsHead first={first} days={days} />
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-key={row.key}>
              <th scope="row" data-label={first}>
                {row.key || t("noneKey")}
              </th>
              <td className="num first-buyers" data-label={t("firstBuyers")}>
                {number(row.firstBuyers)}
              </td>
              {days.map((d) => (
                <RateCell key={d} w={row.windows.find((w) => w.days === d)} label={t("withinDays", { n: d })} shade={highest} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BySource({ range }: { range: DayRange }) {
  const { t, label } = useT();
  const { query } = useApi();
  const [by, setBy] = useState<StepmailCohortDimension>(StepmailCohortDimension.Source);
  const rows = useLoad(() => query(RepeatRateByQuery, { by, start: range.start, end: range.end }), [by, range.start, range.end]);
  return (
    <Card className="repeat-by" aria-labelledby="repeat-by-title">
      <Heading id="repeat-by-title">{t("repeatBySource")}</Heading>
      <Hint>{t("repeatBySourceHint")}</Hint>
      <label htmlFor="repeat-by">{t("groupBy")}</label>{" "}
      <NativeSelect id="repeat-by" value={by} options={GROUPINGS.map((d) => [d, label("cohort", d)])} onChange={(v) => setBy(v as StepmailCohortDimension)} />
      {rows.error ? <Failed message={rows.error} /> : !rows.data ? <Loading /> : rows.data.stepmailRepeatRates.length ? (
        <CohortTable rows={rows.data.stepmailRepeatRates} first={label("cohort", by)} className="by-table" shaded={false} />
      ) : (
        <Muted>{t("noFirstBuyers")}</Muted>
      )}
      <CsvButton table={`BY_${by}` as StepmailRepeatRateTable} range={range} />
    </Card>
  );
}

type Bucket = { upToDays?: number | null; customers: number };

function SecondOrder({ returned, medianDays, buckets, range }: { returned: number; medianDays?: number | null; buckets: readonly Bucket[]; range: DayRange }) {
  const { t, number } = useT();
  const most = Math.max(1, ...buckets.map((b) => b.customers));
  return (
    <Card className="second-order" aria-labelledby="second-order-title">
      <Heading id="second-order-title">{t("daysToSecondOrder")}</Heading>
      {returned ? (
        <>
          <p className="median">
            {t("medianDays", { d: number(medianDays ?? 0, { maximumFractionDigits: 1 }), n: number(returned) })}
          </p>
          <div className="scroll">
            <table className="responsive buckets">
              <thead>
                <tr>
                  <th scope="col">{t("daysUntil")}</th>
                  <th scope="col" className="num">
                    {t("customers")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {buckets.map((b, i) => {
                  const bound = b.upToDays ?? null;
                  const name = bound === null ? t("moreThanDays", { n: buckets[i - 1]?.upToDays ?? 0 }) : t("upToDays", { n: bound });
                  return (
                    <tr key={i} data-up-to={bound ?? "more"}>
                      <th scope="row" data-label={t("daysUntil")}>
                        {name}
                      </th>
                      <td className="num" data-label={t("customers")} data-customers={b.customers}>
                        {/* The bar's length shows the API's count against the largest bucket. */}
                        <span className="bucket-bar" style={{ width: `${(b.customers / most) * 100}%` }} aria-hidden="true" />
                        {number(b.customers)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <Muted>{t("noSecondOrders")}</Muted>
      )}
      <CsvButton table="DAYS_TO_SECOND_ORDER" range={range} />
    </Card>
  );
}

type Revenue = { currency: string; firstBuyers: number; windows: readonly { days: number; eligible: number; revenue: string; perCustomer?: string | null }[] };

function RevenuePerCustomer({ rows, range }: { rows: readonly Revenue[]; range: DayRange }) {
  const { t, number, money } = useT();
  const days = windowDays(rows);
  return (
    <Card className="revenue-per-customer" aria-labelledby="revenue-title">
      <Heading id="revenue-title">{t("revenuePerCustomer")}</Heading>
      <Hint>{t("revenuePerCustomerHint")}</Hint>
      {rows.length ? (
        <div className="scroll">
          <table className="responsive revenue-table">
            <WindowsHead first={t("currency")} days={days} />
            <tbody>
              {rows.map((row) => (
                <tr key={row.currency} data-currency={row.currency}>
                  <th scope="row" data-label={t("currency")}>
                    {row.currency}
                  </th>
                  <td className="num" data-label={t("firstBuyers")}>
                    {number(row.firstBuyers)}
                  </td>
                  {days.map((d) => {
                    const w = row.windows.find((x) => x.days === d);
                    const per = w?.perCustomer;
                    return (
                      <td
                        key={d}
                        className="num"
                        data-label={t("withinDays", { n: d })}
                        data-days={d}
                        data-value={per ?? ""}
                        title={w?.eligible ? t("revenueCellTitle", { v: money([{ amount: w.revenue, currency: row.currency }]), e: number(w.eligible) }) : t("tooYoung")}
                      >
                        {per ? money([{ amount: per, currency: row.currency }]) : "—"}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Muted>{t("noFirstBuyers")}</Muted>
      )}
      <CsvButton table="REVENUE_PER_CUSTOMER" range={range} />
    </Card>
  );
}

type Effect = {
  scenario: { id: string; name: string; slug: string };
  days: number;
  enrolled: RepeatWindow;
  holdout: RepeatWindow;
  liftPoints?: number | null;
  liftLowPoints?: number | null;
  liftHighPoints?: number | null;
};

function ProgramEffects({ rows, range }: { rows: readonly Effect[]; range: DayRange }) {
  const { t, number, percent } = useT();
  const pts = (v: number) => number(v, { maximumFractionDigits: 1, signDisplay: "exceptZero" });
  const share = (w: RepeatWindow) => (w.rate === null || w.rate === undefined ? "—" : `${percent(w.rate)} (${number(w.returned)} / ${number(w.eligible)})`);
  return (
    <Card className="program-effects" aria-labelledby="program-effects-title">
      <Heading id="program-effects-title">{t("programLift")}</Heading>
      <Hint>{t("programLiftHint")}</Hint>
      {rows.length ? (
        <div className="scroll">
          <table className="responsive effects-table">
            <thead>
              <tr>
                {(["scenario", "withinDaysHeader", "enrolledShare", "holdoutShare", "liftPoints"] as const).map((key) => (
                  <th scope="col" key={key}>
                    {t(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const lift = row.liftPoints ?? null;
                return (
                  <tr key={row.scenario.id} data-scenario={row.scenario.slug}>
                    <th scope="row" data-label={t("scenario")}>
                      <a href={scenarioUrl(row.scenario.id)}>{row.scenario.name}</a>
                    </th>
                    <td className="num" data-label={t("withinDaysHeader")}>
                      {number(row.days)}
                    </td>
                    <td className="num" data-label={t("enrolledShare")} data-rate={row.enrolled.rate ?? ""}>
                      {share(row.enrolled)}
                    </td>
                    <td className="num" data-label={t("holdoutShare")} data-rate={row.holdout.rate ?? ""}>
                      {share(row.holdout)}
                    </td>
                    <td className="num lift" data-label={t("liftPoints")} data-lift={lift ?? ""}>
                      {lift === null
                        ? t("liftNeedsBoth")
                        : t("liftInterval", { v: pts(lift), lo: pts(row.liftLowPoints ?? lift), hi: pts(row.liftHighPoints ?? lift) })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <Muted>{t("noProgramEnrolments")}</Muted>
      )}
      <CsvButton table="PROGRAM_EFFECT" range={range} />
    </Card>
  );
}

export function RepeatRateScreen({ params }: { params: URLSearchParams }) {
  const { t } = useT();
  const { query } = useApi();
  const zone = browserTimeZone();
  const range = repeatRange(params, zone);
  const report = useLoad(() => query(RepeatRateQuery, { start: range.start, end: range.end }), [range.start, range.end]);
  const data = report.data;
  return (
    <>
      <PageHeader title={t("repeatRate")} />
      <Hint>{t("repeatRateHint")}</Hint>
      <RangeForm
        key={`${range.startDay}|${range.endDay}`}
        range={range}
        prefix="repeat"
        submitLabel={t("apply")}
        timeZone={zone}
        onApply={(start, end) => navigate(`#/repeat?start=${start}&end=${end}`)}
      />
      {report.error ? <Failed message={report.error} /> : !data ? <Loading /> : (
        <>
          <Card className="cohorts" aria-labelledby="cohorts-title">
            <Heading id="cohorts-title">{t("cohortHeatmap")}</Heading>
            <Hint>{t("cohortHeatmapHint")}</Hint>
            {data.stepmailRepeatRates.length ? (
              <CohortTable rows={data.stepmailRepeatRates} first={t("cohort.MONTH")} className="cohort-heatmap" shaded />
            ) : (
              <Muted>{t("noFirstBuyers")}</Muted>
            )}
            <CsvButton table="BY_MONTH" range={range} />
          </Card>
          <BySource range={range} />
          <SecondOrder {...data.stepmailDaysToSecondOrder} range={range} />
          <RevenuePerCustomer rows={data.stepmailRevenuePerCustomer} range={range} />
          <ProgramEffects rows={data.stepmailProgramEffects} range={range} />
        </>
      )}
    </>
  );
}
