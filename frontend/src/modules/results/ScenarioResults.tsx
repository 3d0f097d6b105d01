// One scenario: its steps on a timeline, a funnel per step with revenue, A/B variants side by
// side with their significance, the lift over the holdout, and the analysis, for a range of days
// in the scenario's time zone.
import { Box, Text } from "@saleor/macaw-ui";
import { useEffect } from "react";

import { BackLink, Badge, Card, Failed, Heading, Loading, Muted, PageHeader } from "../../components/layout";
import type { FiguresFragment } from "../../gql/graphql";
import { useApi, useLoad } from "../../graphql/use-api";
import { dayRange, parseDay } from "../../lib/dates";
import { useT } from "../../i18n";
import { navigate, scenarioUrl, stepUrl } from "../../router";
import { AnalysisSections } from "./Analysis";
import { FunnelChart, IntervalChart, TimelineChart } from "./charts";
import { ResultsQuery, ScenarioQuery } from "./queries";
import { RangeForm } from "./RangeForm";

// Money as the API wrote it ("1000.000 JPY 12.500 USD"), for a cell's data-value.
export const moneyValue = (list: { amount: string; currency: string }[]) => list.map((m) => `${m.amount} ${m.currency}`).join(" ");

type StatsRow = {
  name: string;
  figures: FiguresFragment;
  variants: { name: string; isWinner: boolean; figures: FiguresFragment }[];
  comparisons: { a: string; b: string; difference: number; pValue: number; significant: boolean }[];
};

function VariantsPanel({ row }: { row: StatsRow }) {
  const { t, number, percent, points, money } = useT();
  if (!row.variants.length) return null;
  return (
    <section className="variants" aria-label={`${t("variants")}: ${row.name}`}>
      <Heading level={4}>{t("variants")}</Heading>
      <div className="side-by-side">
        {row.variants.map((v) => (
          <div key={v.name} className={v.isWinner ? "variant winner" : "variant"} data-variant={v.name}>
            <strong>
              {v.name} {v.isWinner ? <Badge tone="active">{t("winner")}</Badge> : null}
            </strong>
            <dl>
              {(["sent", "delivered", "opened", "clicked", "converted"] as const).map((key) => (
                <div key={key}>
                  <dt>{t(key)}</dt>
                  <dd data-figure={key} data-value={v.figures[key]}>
                    {number(v.figures[key])}
                  </dd>
                </div>
              ))}
              <div>
                <dt>{t("conversionRate")}</dt>
                <dd className="rate" data-figure="conversionRate" data-value={v.figures.conversionRate}>
                  {percent(v.figures.conversionRate)}
                </dd>
              </div>
              <div>
                <dt>{t("revenue")}</dt>
                <dd data-figure="revenue" data-value={moneyValue(v.figures.revenue)}>
                  {money(v.figures.revenue)}
                </dd>
              </div>
            </dl>
          </div>
        ))}
      </div>
      <ul className="comparisons">
        {row.comparisons.map((c) => (
          <li key={`${c.a}-${c.b}`} className={c.significant ? "significant" : ""}>
            {t(c.significant ? "significant" : "notSignificant", { a: c.a, b: c.b, d: points(c.difference), p: number(c.pValue, { maximumSignificantDigits: 2 }) })}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function useWidth(): number {
  const main = document.getElementById("main");
  return Math.max(280, Math.min(1240, main?.clientWidth ?? window.innerWidth) - 32);
}

export function ScenarioResultsScreen({ scenarioId, params }: { scenarioId: string; params: URLSearchParams }) {
  const { t, label, number, percent, points, money } = useT();
  const { query } = useApi();
  const scenario = useLoad(() => query(ScenarioQuery, { id: scenarioId }), [scenarioId]);
  const timeZone = scenario.data?.stepmailScenario?.timezone ?? "UTC";
  const range = dayRange(params, timeZone);
  const results = useLoad(
    () => (scenario.data ? query(ResultsQuery, { id: scenarioId, start: range.start, end: range.end }) : Promise.resolve(undefined)),
    [scenarioId, range.start, range.end, Boolean(scenario.data)],
  );
  const inner = useWidth();
  // A day in the URL that is not one (a five-digit year) leaves it: the page shows the default range.
  const badDay = (["start", "end"] as const).some((key) => params.has(key) && !parseDay(params.get(key)));
  useEffect(() => {
    if (badDay) history.replaceState(null, "", scenarioUrl(scenarioId));
  }, [badDay, scenarioId]);
  if (scenario.error || results.error) return <Failed message={scenario.error || results.error} />;
  if (!scenario.data || !results.data) return <Loading />;
  const s = scenario.data.stepmailScenario;
  if (!s) return <Failed message={t("error.NOT_FOUND")} />;
  const rows = new Map(results.data.stepmailStepStats.map((r) => [r.step?.id, r]));
  const lift = results.data.stepmailHoldoutLift;
  const columns = window.matchMedia("(min-width: 900px)").matches ? 2 : 1;
  const cardWidth = Math.floor((inner - (columns - 1) * 16) / columns) - 34;
  const group = (name: string, g: { converted: number; enrollments: number; conversionRate: number }) => (
    <div className="variant">
      <strong>{name}</strong>
      <p>{t("enrolledConverted", { c: number(g.converted), n: number(g.enrollments), r: percent(g.conversionRate) })}</p>
    </div>
  );
  return (
    <>
      <BackLink href="#/">{t("back")}</BackLink>
      <PageHeader title={s.name}>
        <Badge tone={s.status}>{label("status", s.status)}</Badge>
        <Text color="default2">{label("trigger", s.trigger)}</Text>
        <nav className="scenario-tools" aria-label={s.name}>
          {(
            [
              ["settings", "settings"],
              ["steps", "manageSteps"],
              ["simulate", "simulate"],
              ["backfill", "backfill"],
            ] as const
          ).map(([page, key]) => (
            <a key={page} className="button" href={scenarioUrl(scenarioId, page)} data-page={page}>
              {t(key)}
            </a>
          ))}
        </nav>
      </PageHeader>
      <RangeForm
        key={`${range.startDay}-${range.endDay}`}
        prefix="range"
        range={range}
        timeZone={timeZone}
        submitLabel={t("apply")}
        onApply={(start, end) => navigate(`${scenarioUrl(scenarioId)}?${new URLSearchParams({ start, end })}`)}
      />
      <Card aria-labelledby="timeline-title">
        <Heading id="timeline-title">{t("timeline")}</Heading>
        <TimelineChart steps={s.steps} width={inner - 34} onSelect={(step) => navigate(stepUrl(scenarioId, step.id))} />
      </Card>
      <section aria-labelledby="steps-title" className="results" data-start={range.start} data-end={range.end}>
        <Heading id="steps-title">{t("steps")}</Heading>
        <Box className="grid">
          {/* The API answers every step of the scenario; a step added since has no row yet. */}
          {s.steps
            .filter((step) => rows.has(step.id))
            .map((step) => {
              const row = rows.get(step.id)!;
              return (
                <article key={step.id} className="card step" data-step={step.position}>
                  <header>
                    <Heading level={3}>{`${step.position + 1}. ${step.name || "—"}`}</Heading>
                    <Text color="default2">
                      {t("day", { n: step.delayDays })}
                      {step.isActive ? "" : ` · ${t("inactive")}`}
                    </Text>
                    <a className="button" href={stepUrl(scenarioId, step.id)}>
                      {t("edit")}
                    </a>
                  </header>
                  <FunnelChart figures={row.figures} title={t("funnel", { n: step.position + 1 })} width={cardWidth} />
                  <p className="revenue">
                    {t("revenue")}: <strong data-revenue={moneyValue(row.figures.revenue)}>{money(row.figures.revenue)}</strong>
                  </p>
                  <VariantsPanel row={row} />
                </article>
              );
            })}
        </Box>
      </section>
      <Card className="holdout" aria-labelledby="holdout-title">
        <Heading id="holdout-title">{t("holdout")}</Heading>
        {lift.lift === null || lift.lift === undefined ? (
          <Muted>{t("noHoldout")}</Muted>
        ) : (
          <>
            <div className="side-by-side">
              {group(t("treated"), lift.treated)}
              {group(t("heldOut"), lift.holdout)}
            </div>
            <p className="lift">{t("lift", { v: points(lift.lift), lo: points(lift.liftLow ?? 0), hi: points(lift.liftHigh ?? 0) })}</p>
            <IntervalChart lift={lift.lift} low={lift.liftLow ?? 0} high={lift.liftHigh ?? 0} />
          </>
        )}
      </Card>
      <AnalysisSections scenario={{ id: scenarioId, slug: s.slug }} range={range} timeZone={timeZone} />
    </>
  );
}
