// Work the offline channels: the call list (filter, mark a call done with a note, download as
// CSV) and direct mail (export the waiting postal addresses as a CSV batch, or a batch again).
import { Box, Button } from "@saleor/macaw-ui";
import { type FormEvent, useState } from "react";

import { errorsByField, type FieldErrors, FormError, NativeSelect, StatusLine, TextField } from "../../components/forms";
import { Failed, Heading, Hint, Loading, PageHeader } from "../../components/layout";
import type { StepmailCallTaskState } from "../../gql/graphql";
import { useApi, useLoad } from "../../graphql/use-api";
import { downloadCsv } from "../../lib/download";
import { useT } from "../../i18n";
import { navigate } from "../../router";
import { CallTaskComplete, CallTasksCsvQuery, CallTasksQuery, DirectMailExport } from "./queries";

type Task = { id: string; phone: string; note: string; email: string; scenarioSlug: string; state: string; createdAt: string; doneAt?: string | null; doneBy: string };

function CallRow({ task, reload }: { task: Task; reload: () => void }) {
  const { t, dateTime, apiError } = useT();
  const { mutate } = useApi();
  const [note, setNote] = useState(task.note);
  const [error, setError] = useState("");
  const done = async () => {
    try {
      const result = (await mutate(CallTaskComplete, { id: task.id, note })).stepmailCallTaskComplete;
      if (result?.errors.length) setError(result.errors.map(apiError).join("; "));
      else reload();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <tr data-call={task.email} data-state={task.state}>
      <td data-label={t("phone")}>
        <a href={`tel:${task.phone}`}>{task.phone}</a>
      </td>
      <td data-label={t("email")}>{task.email}</td>
      <td data-label={t("scenario")}>{task.scenarioSlug}</td>
      <td data-label={t("created")}>{dateTime(task.createdAt)}</td>
      <td data-label={t("callNote")}>{task.state === "OPEN" ? <input className="native" name="note" aria-label={t("callNote")} value={note} onChange={(e) => setNote(e.target.value)} /> : task.note}</td>
      <td data-label={t("actions")}>
        {task.state === "OPEN" ? (
          <>
            <Button type="button" size="small" variant="primary" data-action="done" onClick={done}>
              {t("markDone")}
            </Button>
            <span className="form-error" role="alert">
              {error}
            </span>
          </>
        ) : (
          t("doneBy", { w: task.doneBy, d: dateTime(task.doneAt) })
        )}
      </td>
    </tr>
  );
}

function DirectMail() {
  const { t, apiError } = useT();
  const { mutate } = useApi();
  const [batch, setBatch] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState("");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus("");
    try {
      const result = (await mutate(DirectMailExport, { batch: batch.trim() || null })).stepmailDirectMailExport;
      const found = result?.errors ?? [];
      setErrors(errorsByField(found, apiError, ["batch"]));
      if (found.length || !result) return;
      setStatus(t("exported", { n: result.count ?? 0, b: result.batch || "—" }));
      if (result.count && result.csv) downloadCsv(`direct-mail-${result.batch}.csv`, result.csv);
    } catch (failure) {
      setErrors({ "": (failure as Error).message });
    }
  };
  return (
    <form className="card direct-mail" noValidate onSubmit={submit}>
      <Heading>{t("directMail")}</Heading>
      <Hint>{t("directMailHint")}</Hint>
      <TextField prefix="dm" name="batch" label={t("batchAgain")} placeholder="2026-12-01T09…" value={batch} onChange={setBatch} error={errors.batch} />
      <FormError text={errors[""]} />
      <Button type="submit" variant="primary">
        {t("exportCsv")}
      </Button>
      <StatusLine text={status} />
    </form>
  );
}

export function CallListScreen({ params }: { params: URLSearchParams }) {
  const { t } = useT();
  const { query } = useApi();
  const state = params.get("state") || "OPEN";
  const apiState = state === "ALL" ? null : (state as StepmailCallTaskState);
  const loaded = useLoad(() => query(CallTasksQuery, { state: apiState }), [state]);
  const tasks = (loaded.data?.stepmailCallTasks?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <>
      <PageHeader title={t("callList")} />
      <Box className="toolbar" display="flex" gap={3} alignItems="center" marginBottom={3}>
        <NativeSelect
          name="state"
          label={t("filter")}
          value={state}
          options={[
            ["OPEN", t("open")],
            ["DONE", t("done")],
            ["ALL", t("all")],
          ]}
          onChange={(v) => navigate(`#/calls?state=${v}`)}
        />
        <Button
          type="button"
          variant="secondary"
          data-action="csv"
          onClick={async () => downloadCsv("call-tasks.csv", (await query(CallTasksCsvQuery, { state: apiState })).stepmailCallTasksCsv)}
        >
          {t("downloadCsv")}
        </Button>
      </Box>
      {loaded.error ? <Failed message={loaded.error} /> : !loaded.data ? <Loading /> : null}
      {loaded.data && !tasks.length ? <p>{t("noCalls")}</p> : null}
      {tasks.length ? (
        <div className="scroll">
          <table className="responsive calls">
            <thead>
              <tr>
                {(["phone", "email", "scenario", "created", "callNote", "actions"] as const).map((k) => (
                  <th scope="col" key={k}>
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tasks.map((task) => (
                <CallRow key={task.id} task={task} reload={loaded.reload} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <DirectMail />
    </>
  );
}
