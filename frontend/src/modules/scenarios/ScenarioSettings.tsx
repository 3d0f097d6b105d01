// A scenario's settings, and its lifecycle: pause, activate, delete. Pause and Delete stand
// apart, so that one is not pressed for the other.
import { Box, Button } from "@saleor/macaw-ui";
import { useState } from "react";

import { errorsByField } from "../../components/forms";
import { BackLink, Badge, Card, Failed, Heading, Hint, Loading, PageHeader } from "../../components/layout";
import { StepmailGoal, StepmailReentryPolicy, StepmailTrigger } from "../../gql/graphql";
import { useApi, useLoad } from "../../graphql/use-api";
import { useT } from "../../i18n";
import { navigate, scenarioUrl } from "../../router";
import { SameTriggerWarning } from "./SameTriggerWarning";
import { ScenarioActivate, ScenarioDelete, ScenarioOptionsQuery, ScenarioPause, ScenarioSettingsQuery, ScenarioUpdate } from "./queries";
import { SETTINGS_FIELDS, SettingsForm, settingsInput } from "./SettingsForm";

export function useScenarioOptions() {
  const { query } = useApi();
  return useLoad(async () => {
    const data = await query(ScenarioOptionsQuery, {});
    // The enums' values as the schema the page was built from lists them.
    return {
      triggers: Object.values(StepmailTrigger) as string[],
      goals: Object.values(StepmailGoal) as string[],
      reentry: Object.values(StepmailReentryPolicy) as string[],
      channels: data.stepmailChannels ?? null,
    };
  }, []);
}

export function ScenarioSettingsScreen({ scenarioId }: { scenarioId: string }) {
  const { t, label, apiError } = useT();
  const { query, mutate } = useApi();
  const options = useScenarioOptions();
  const loaded = useLoad(() => query(ScenarioSettingsQuery, { id: scenarioId }), [scenarioId]);
  const [lifecycleError, setLifecycleError] = useState("");
  const scenario = loaded.data?.stepmailScenario;
  if (loaded.error || options.error) return <Failed message={loaded.error || options.error} />;
  if (!loaded.data || !options.data) return <Loading />;
  if (!scenario) return <Failed message={t("error.NOT_FOUND")} />;
  const active = scenario.status === "ACTIVE";
  const run = async (action: "pause" | "activate" | "delete") => {
    setLifecycleError("");
    try {
      const errors =
        action === "delete"
          ? (await mutate(ScenarioDelete, { id: scenarioId })).stepmailScenarioDelete?.errors
          : action === "pause"
            ? (await mutate(ScenarioPause, { id: scenarioId })).stepmailScenarioPause?.errors
            : (await mutate(ScenarioActivate, { id: scenarioId })).stepmailScenarioActivate?.errors;
      if (errors?.length) setLifecycleError(errors.map(apiError).join("; "));
      else if (action === "delete") navigate("#/");
      else loaded.reload();
    } catch (failure) {
      setLifecycleError((failure as Error).message);
    }
  };
  return (
    <>
      <BackLink href={scenarioUrl(scenarioId)}>← {scenario.name}</BackLink>
      <PageHeader title={t("scenarioSettings")}>
        <Badge tone={scenario.status}>{label("status", scenario.status)}</Badge>
      </PageHeader>
      <SameTriggerWarning others={scenario.sameTrigger} />
      <SettingsForm
        guardName="scenario-settings"
        initial={{
          ...scenario,
          goals: [...scenario.goals],
          channels: [...scenario.channels],
          dormantDays: scenario.dormantDays ?? null,
          dormantDaysByCategory: scenario.dormantDaysByCategory.map(({ category, days }) => ({ category, days })),
        }}
        options={options.data}
        submitLabel={t("save")}
        onSubmit={async (value) => {
          const result = (await mutate(ScenarioUpdate, { id: scenarioId, input: settingsInput(value) })).stepmailScenarioUpdate;
          const errors = result?.errors ?? [];
          return { errors: errorsByField(errors, apiError, SETTINGS_FIELDS), saved: !errors.length };
        }}
      />
      <Card className="lifecycle" aria-labelledby="lifecycle-title">
        <Heading id="lifecycle-title">{t("lifecycle")}</Heading>
        <Hint>{t("pauseNote")}</Hint>
        <Box className="actions lifecycle-actions" display="flex" flexWrap="wrap" justifyContent="space-between" gap={6}>
          <Button type="button" variant={active ? "secondary" : "primary"} data-action={active ? "pause" : "activate"} onClick={() => run(active ? "pause" : "activate")}>
            {t(active ? "pause" : "activate")}
          </Button>
          <Button
            type="button"
            variant="error"
            data-action="delete"
            onClick={() => {
              if (window.confirm(t("deleteScenarioConfirm", { s: scenario.name }))) run("delete");
            }}
          >
            {t("deleteScenario")}
          </Button>
        </Box>
        <p className="form-error" role="alert">
          {lifecycleError}
        </p>
      </Card>
    </>
  );
}
