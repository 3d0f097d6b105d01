// The scenario list: state, trigger, active enrolments, conversions this month; activate/pause.
import { Box, Button } from "@saleor/macaw-ui";
import { useState } from "react";

import { Badge, Failed, Loading, Muted, PageHeader } from "../../components/layout";
import { dayIn, startOfDay } from "../../lib/dates";
import { useApi, useLoad } from "../../graphql/use-api";
import { useT } from "../../i18n";
import { scenarioUrl } from "../../router";
import { SameTriggerWarning, type SameTriggerScenario } from "./SameTriggerWarning";
import { ScenarioActivate, ScenarioFiguresQuery, ScenarioPause, ScenariosQuery } from "./queries";

interface Scenario {
  id: string;
  name: string;
  slug: string;
  status: string;
  trigger: string;
}

function useMonthFigures(scenarioId: string) {
  const { query } = useApi();
  return useLoad(async () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const today = dayIn(new Date(), zone);
    const start = startOfDay(`${today.slice(0, 8)}01`, zone);
    const end = new Date(Date.now() + 60_000).toISOString();
    const data = await query(ScenarioFiguresQuery, { id: scenarioId, start, end });
    // No scenario row: no mail sent this month.
    const total = data.stepmailMailRates.find((row) => row.level === "SCENARIO");
    return { active: data.stepmailEnrollments?.totalCount ?? 0, conversions: total ? total.figures.converted : 0 };
  }, [scenarioId]);
}

function ScenarioRow({ initial }: { initial: Scenario }) {
  const { t, label, number } = useT();
  const { mutate } = useApi();
  const [scenario, setScenario] = useState(initial);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  // Named by the activation's answer: the other active scenarios of the trigger.
  const [sameTrigger, setSameTrigger] = useState<readonly SameTriggerScenario[]>([]);
  const figures = useMonthFigures(scenario.id);
  const { apiError } = useT();
  const active = scenario.status === "ACTIVE";
  const toggle = async () => {
    setBusy(true);
    setMessage("");
    setSameTrigger([]);
    try {
      if (active) {
        const data = (await mutate(ScenarioPause, { id: scenario.id })).stepmailScenarioPause;
        if (data?.errors.length) setMessage(data.errors.map(apiError).join("; "));
        else if (data?.scenario) setScenario(data.scenario);
        return;
      }
      const data = (await mutate(ScenarioActivate, { id: scenario.id })).stepmailScenarioActivate;
      if (data?.errors.length) setMessage(data.errors.map(apiError).join("; "));
      else if (data?.scenario) {
        setScenario(data.scenario);
        setSameTrigger(data.scenario.sameTrigger);
      }
    } catch (failure) {
      setMessage((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const shown = (value: number | undefined) => (value === undefined ? "—" : number(value));
  return (
    <tr data-scenario={scenario.slug}>
      <th scope="row" data-label={t("name")}>
        <a href={scenarioUrl(scenario.id)}>{scenario.name}</a>
      </th>
      <td data-label={t("status")} className="status">
        <Badge tone={scenario.status}>{label("status", scenario.status)}</Badge>
      </td>
      <td data-label={t("trigger")}>{label("trigger", scenario.trigger)}</td>
      <td data-label={t("activeEnrollments")} className="num active-enrollments">
        {figures.error ? "—" : shown(figures.data?.active)}
      </td>
      <td data-label={t("conversionsThisMonth")} className="num conversions">
        {figures.error ? "—" : shown(figures.data?.conversions)}
      </td>
      <td data-label={t("actions")}>
        <Button
          type="button"
          size="small"
          variant={active ? "secondary" : "primary"}
          disabled={busy}
          aria-label={`${t(active ? "pause" : "activate")}: ${scenario.name}`}
          title={active ? t("pauseNote") : ""}
          onClick={toggle}
        >
          {t(active ? "pause" : "activate")}
        </Button>
        <span className="form-error" role="alert">
          {message}
        </span>
        <SameTriggerWarning others={sameTrigger} />
      </td>
    </tr>
  );
}

export function ScenarioListScreen() {
  const { t } = useT();
  const { query } = useApi();
  const list = useLoad(() => query(ScenariosQuery, {}), []);
  const scenarios = (list.data?.stepmailScenarios?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <>
      <PageHeader title={t("scenarios")}>
        <a className="button primary" href="#/new" id="new-scenario">
          {t("newScenarioButton")}
        </a>
      </PageHeader>
      {list.error ? <Failed message={list.error} /> : !list.data ? <Loading /> : null}
      {list.data && scenarios.length === 0 ? <p>{t("noScenarios")}</p> : null}
      {scenarios.length ? (
        <Box className="scroll">
          <table className="scenarios responsive">
            <thead>
              <tr>
                {(["name", "status", "trigger", "activeEnrollments", "conversionsThisMonth", "actions"] as const).map((key) => (
                  <th scope="col" key={key} className={key === "activeEnrollments" || key === "conversionsThisMonth" ? "num" : undefined}>
                    {t(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {scenarios.map((s) => (
                <ScenarioRow key={s.id} initial={s} />
              ))}
            </tbody>
          </table>
          <Muted className="pause-note">{t("pauseNote")}</Muted>
        </Box>
      ) : null}
    </>
  );
}
