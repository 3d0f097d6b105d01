// The simulator: a dry run of a scenario over a past period, on the shop's real history, as a
// timeline of who would get which mail when and who would leave and why. Nothing is sent.
import { BackLink, Card, Failed, Hint, Loading, PageHeader } from "../../components/layout";
import { useApi, useLoad } from "../../graphql/use-api";
import { dayRange } from "../../lib/dates";
import { type MessageKey, useT } from "../../i18n";
import { navigate, scenarioUrl } from "../../router";
import { RangeForm } from "../results/RangeForm";
import { ScenarioZoneQuery, SimulateQuery } from "./queries";

export function SimulatorScreen({ scenarioId, params }: { scenarioId: string; params: URLSearchParams }) {
  const { t, label, reason, number, dateTime } = useT();
  const { query } = useApi();
  const scenario = useLoad(() => query(ScenarioZoneQuery, { id: scenarioId }), [scenarioId]);
  const timeZone = scenario.data?.stepmailScenario?.timezone ?? "UTC";
  const range = dayRange(params, timeZone);
  const run = params.get("run") === "1" && Boolean(scenario.data);
  const sim = useLoad(() => (run ? query(SimulateQuery, { id: scenarioId, since: range.start, until: range.end }) : Promise.resolve(undefined)), [run, scenarioId, range.start, range.end]);
  if (scenario.error) return <Failed message={scenario.error} />;
  if (!scenario.data) return <Loading />;
  const result = sim.data?.stepmailSimulate;
  return (
    <>
      <BackLink href={scenarioUrl(scenarioId)}>{t("backToScenario")}</BackLink>
      <PageHeader title={t("simulate")} />
      <Hint>{t("simulateHint")}</Hint>
      <RangeForm
        key={`${range.startDay}-${range.endDay}`}
        prefix="sim"
        range={range}
        timeZone={timeZone}
        submitLabel={t("runSimulation")}
        onApply={(start, end) => navigate(`${scenarioUrl(scenarioId, "simulate")}?${new URLSearchParams({ start, end, run: "1" })}`)}
      />
      <section className="simulation" aria-live="polite">
        {sim.error ? <Failed message={sim.error} /> : run && !result ? <Loading /> : null}
        {result ? (
          <>
            <p className="sim-summary">{t("simSummary", { e: number(result.enrolledCount), s: number(result.sentCount) })}</p>
            {result.notEnrolled.length ? (
              <ul className="muted">
                {result.notEnrolled.map((n) => (
                  <li key={n.reason}>{`${reason(n.reason)}: ${number(n.count)}`}</li>
                ))}
              </ul>
            ) : null}
            <Card>
              <ol className="sim-timeline">
                {result.enrollments.map((e, i) => (
                  <li key={i} className="sim-enrollment" data-email={e.email}>
                    <strong>{e.email || e.orderId}</strong> · <span className="muted">{t("enrolledOn", { d: dateTime(e.triggeredAt) })}</span>
                    <ol className="path">
                      {e.steps.map((s, j) => (
                        <li key={j} className={`delivery ${s.outcome}`} data-outcome={s.outcome}>
                          <span className="day">{s.at ? dateTime(s.at) : "—"}</span>
                          <span className="what">
                            <strong>{`${s.position + 1}. ${s.name}`}</strong> ({label("channel", s.channel)})
                          </span>
                          <span className="badge">{t(`sim_${s.outcome}` as MessageKey)}</span>
                          {s.reason ? <span className="muted">{reason(s.reason)}</span> : null}
                        </li>
                      ))}
                    </ol>
                    {e.leftAt ? <p className="ending">{t("simLeft", { d: dateTime(e.leftAt), r: reason(e.leftReason) })}</p> : null}
                  </li>
                ))}
              </ol>
            </Card>
            {result.assumptions.length ? (
              <details>
                <summary>{t("assumptions")}</summary>
                <ul>
                  {result.assumptions.map((a, i) => (
                    <li key={i}>{a}</li>
                  ))}
                </ul>
              </details>
            ) : null}
          </>
        ) : null}
      </section>
    </>
  );
}
