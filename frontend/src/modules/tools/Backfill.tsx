// A backfill: enrol the customers whose past events since a day would have started the
// scenario, run by a worker; the page follows the job with a progress bar until it is done.
import { Button } from "@saleor/macaw-ui";
import { type FormEvent, useEffect, useState } from "react";

import { errorsByField, type FieldErrors, FormError, TextField } from "../../components/forms";
import { BackLink, Card, Failed, Loading, PageHeader } from "../../components/layout";
import { useApi, useLoad } from "../../graphql/use-api";
import { parseDay, startOfDay } from "../../lib/dates";
import { type MessageKey, useT } from "../../i18n";
import { navigate, scenarioUrl } from "../../router";
import { BackfillJobQuery, BackfillStart, ScenarioZoneQuery } from "./queries";

const POLL_MS = 1000;

function Progress({ jobId }: { jobId: string }) {
  const { t, number } = useT();
  const { query } = useApi();
  const [job, setJob] = useState<{ state: string; total: number; processed: number; enrolled: number; error: string } | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const data = await query(BackfillJobQuery, { id: jobId });
        if (stopped) return;
        const found = data.stepmailBackfillJob;
        setJob(found ?? null);
        if (found && found.state !== "DONE" && found.state !== "FAILED") timer = setTimeout(poll, POLL_MS);
      } catch (failure) {
        setError((failure as Error).message);
      }
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, query]);
  if (error) return <Failed message={error} />;
  if (!job) return <Loading />;
  const done = job.total ? Math.round((100 * job.processed) / job.total) : job.state === "DONE" ? 100 : 0;
  return (
    <div className="backfill-progress" data-state={job.state}>
      <progress max={100} value={done} aria-label={t("backfillProgress")} />
      <p role="status">{t("backfillStatus", { s: t(`job_${job.state}` as MessageKey), p: number(job.processed), n: number(job.total), e: number(job.enrolled) })}</p>
      {job.error ? (
        <p className="form-error" role="alert">
          {job.error}
        </p>
      ) : null}
    </div>
  );
}

export function BackfillScreen({ scenarioId, params }: { scenarioId: string; params: URLSearchParams }) {
  const { t, apiError } = useT();
  const { query, mutate } = useApi();
  const scenario = useLoad(() => query(ScenarioZoneQuery, { id: scenarioId }), [scenarioId]);
  const [since, setSince] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  if (scenario.error) return <Failed message={scenario.error} />;
  if (!scenario.data) return <Loading />;
  const timeZone = scenario.data.stepmailScenario?.timezone ?? "UTC";
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!parseDay(since)) {
      setErrors({ since: t("invalidDate") });
      return;
    }
    try {
      const result = (await mutate(BackfillStart, { scenario: scenarioId, since: startOfDay(since, timeZone) })).stepmailBackfillStart;
      const found = result?.errors ?? [];
      setErrors(errorsByField(found, apiError, ["since"]));
      if (!found.length && result?.job) navigate(`${scenarioUrl(scenarioId, "backfill")}?job=${encodeURIComponent(result.job.id)}`);
    } catch (failure) {
      setErrors({ "": (failure as Error).message });
    }
  };
  const jobId = params.get("job");
  return (
    <>
      <BackLink href={scenarioUrl(scenarioId)}>{t("backToScenario")}</BackLink>
      <PageHeader title={t("backfill")} />
      <form className="card" noValidate onSubmit={submit}>
        <TextField prefix="backfill" name="since" type="date" label={t("backfillSince")} hint={`${t("backfillHint")} (${t("timeZoneLabel", { z: timeZone })})`} value={since} onChange={setSince} error={errors.since} required />
        <FormError text={errors[""]} />
        <Button type="submit" variant="primary">
          {t("startBackfill")}
        </Button>
      </form>
      {jobId ? (
        <Card className="backfill-job">
          <Progress jobId={jobId} />
        </Card>
      ) : null}
    </>
  );
}
