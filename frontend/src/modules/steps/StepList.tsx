// A scenario's steps in order, day 0…N: add one, move one up or down, switch one off or on,
// delete one that has sent nothing, open one in the step editor.
import { Box, Button } from "@saleor/macaw-ui";
import { type FormEvent, useState } from "react";

import { errorsByField, type FieldErrors, FormError, TextField } from "../../components/forms";
import { BackLink, Badge, Failed, Heading, Hint, Loading, PageHeader } from "../../components/layout";
import { useApi, useLoad } from "../../graphql/use-api";
import { useT } from "../../i18n";
import { navigate, scenarioUrl, stepUrl } from "../../router";
import { StepCreate, StepDelete, StepReorder, StepsQuery, StepUpdate } from "./queries";

export function StepListScreen({ scenarioId }: { scenarioId: string }) {
  const { t, label, apiError } = useT();
  const { query, mutate } = useApi();
  const loaded = useLoad(() => query(StepsQuery, { id: scenarioId }), [scenarioId]);
  const [message, setMessage] = useState("");
  const [name, setName] = useState("");
  const [delayDays, setDelayDays] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  if (loaded.error) return <Failed message={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const scenario = loaded.data.stepmailScenario;
  if (!scenario) return <Failed message={t("error.NOT_FOUND")} />;
  const steps = scenario.steps;
  const act = async (run: () => Promise<{ errors: { field?: string | null; message: string; code: string }[] } | null | undefined>) => {
    setMessage("");
    try {
      const result = await run();
      if (result?.errors.length) setMessage(result.errors.map(apiError).join("; "));
      else loaded.reload();
    } catch (failure) {
      setMessage((failure as Error).message);
    }
  };
  const moved = (from: number, to: number) => {
    const order = steps.map((s) => s.id);
    order.splice(to, 0, order.splice(from, 1)[0]);
    return order;
  };
  const when = (s: (typeof steps)[number]) =>
    [t("day", { n: s.delayDays }), s.delayHours || s.delayMinutes ? `+${s.delayHours}h${String(s.delayMinutes).padStart(2, "0")}` : "", s.sendAt ? `@ ${s.sendAt}` : ""]
      .filter(Boolean)
      .join(" ");
  const nextDay = delayDays ?? String(steps.length ? steps[steps.length - 1].delayDays + 1 : 0);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    // A first draft to start from: the step editor shows its preview right away.
    const input = { name: name.trim(), delayDays: Number(nextDay), subjectTemplate: name.trim(), textTemplate: t("newStepText") };
    try {
      const result = (await mutate(StepCreate, { scenario: scenarioId, input })).stepmailStepCreate;
      const found = result?.errors ?? [];
      setErrors(errorsByField(found, apiError, ["name", "delayDays"]));
      if (!found.length && result?.step) navigate(stepUrl(scenarioId, result.step.id));
    } catch (failure) {
      setErrors({ "": (failure as Error).message });
    }
  };
  return (
    <>
      <BackLink href={scenarioUrl(scenarioId)}>← {scenario.name}</BackLink>
      <PageHeader title={t("manageSteps")} />
      <Hint>{t("manageStepsHint")}</Hint>
      <p className="form-error" role="alert">
        {message}
      </p>
      <ol className="card step-list">
        {steps.map((step, index) => (
          <li key={step.id} className={step.isActive ? "step-row" : "step-row inactive"} data-step={step.name}>
            <span className="day">{when(step)}</span>
            <a href={stepUrl(scenarioId, step.id)}>{`${step.position + 1}. ${step.name || "—"}`}</a>
            <Badge tone="">{label("channel", step.channel)}</Badge>
            {step.action !== "SEND" ? <Badge tone="">{label("action", step.action)}</Badge> : null}
            {step.isActive ? null : <Badge tone="paused">{t("inactive")}</Badge>}
            <Box as="span" className="row-actions" display="flex" flexWrap="wrap" gap={2}>
              <Button type="button" size="small" variant="secondary" data-action="up" aria-label={`${t("moveUp")}: ${step.name}`} disabled={index === 0} onClick={() => act(async () => (await mutate(StepReorder, { scenario: scenarioId, steps: moved(index, index - 1) })).stepmailStepReorder)}>
                ↑
              </Button>
              <Button type="button" size="small" variant="secondary" data-action="down" aria-label={`${t("moveDown")}: ${step.name}`} disabled={index === steps.length - 1} onClick={() => act(async () => (await mutate(StepReorder, { scenario: scenarioId, steps: moved(index, index + 1) })).stepmailStepReorder)}>
                ↓
              </Button>
              <Button type="button" size="small" variant="secondary" data-action={step.isActive ? "deactivate" : "activate"} onClick={() => act(async () => (await mutate(StepUpdate, { id: step.id, input: { isActive: !step.isActive } })).stepmailStepUpdate)}>
                {t(step.isActive ? "switchOff" : "switchOn")}
              </Button>
              <Button
                type="button"
                size="small"
                variant="error"
                className="apart"
                data-action="delete"
                onClick={() => {
                  if (window.confirm(t("deleteStepConfirm", { s: step.name }))) act(async () => (await mutate(StepDelete, { id: step.id })).stepmailStepDelete);
                }}
              >
                {t("delete")}
              </Button>
            </Box>
          </li>
        ))}
      </ol>
      <form className="card add-step" noValidate onSubmit={add}>
        <Heading>{t("addStep")}</Heading>
        <Box className="inline-fields" display="flex" flexWrap="wrap" gap={3}>
          <TextField prefix="new-step" name="name" label={t("name")} value={name} onChange={setName} error={errors.name} required />
          <TextField prefix="new-step" name="delayDays" type="number" min={0} label={t("delayDays")} value={nextDay} onChange={setDelayDays} error={errors.delayDays} />
        </Box>
        <FormError text={errors[""]} />
        <Button type="submit" variant="primary">
          {t("addStep")}
        </Button>
      </form>
    </>
  );
}
