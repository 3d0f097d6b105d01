// A scenario's settings as a form (new blank scenario, and the settings screen): name, slug,
// trigger, goals (checkboxes), Saleor channels, re-entry, holdout, time zone, mail language,
// and a win-back's days without a paid order (overall and per category).
import { Box, Button } from "@saleor/macaw-ui";
import { type FormEvent, useState } from "react";

import { CheckboxGroup, type FieldErrors, FormError, SelectField, StatusLine, TextField } from "../../components/forms";
import { useT } from "../../i18n";
import { useUnsavedGuard } from "../../router";
import type { StepmailLanguage, StepmailReentryPolicy, StepmailTrigger, StepmailGoal } from "../../gql/graphql";
import { type CategoryDays, DormancyFields, WIN_BACK } from "./DormancyFields";

export interface ScenarioSettings {
  name: string;
  slug: string;
  trigger: string;
  goals: string[];
  channels: string[];
  reentry: string;
  holdoutPercent: number;
  timezone: string;
  language: string;
  dormantDays: number | null;
  dormantDaysByCategory: CategoryDays[];
}

export interface ScenarioOptions {
  triggers: string[];
  goals: string[];
  reentry: string[];
  channels: string[] | null;
}

export const SETTINGS_FIELDS = ["name", "slug", "trigger", "goals", "channels", "reentry", "holdoutPercent", "timezone", "language", "dormantDays", "dormantDaysByCategory"];

export function settingsInput(s: ScenarioSettings) {
  return {
    name: s.name.trim(),
    slug: s.slug.trim() || null,
    trigger: s.trigger as StepmailTrigger,
    goals: s.goals as StepmailGoal[],
    channels: s.channels,
    reentry: s.reentry as StepmailReentryPolicy,
    holdoutPercent: Number(s.holdoutPercent),
    timezone: s.timezone.trim(),
    language: s.language as StepmailLanguage,
    // Only a win-back has days; the API says what is missing or wrong, at its field.
    dormantDays: s.trigger === WIN_BACK ? s.dormantDays : null,
    dormantDaysByCategory: s.trigger === WIN_BACK ? s.dormantDaysByCategory.map((row) => ({ category: row.category.trim(), days: row.days ?? 0 })) : null,
  };
}

// Saleor's channels as checkboxes; outside Saleor (no list) slugs typed, comma separated.
export function ChannelsField({
  prefix,
  channels,
  value,
  onChange,
  error,
}: {
  prefix: string;
  channels: string[] | null;
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
}) {
  const { t } = useT();
  if (channels === null) {
    return (
      <TextField
        prefix={prefix}
        name="channels"
        label={t("channels")}
        hint={t("channelsHint")}
        value={value.join(", ")}
        placeholder="default-channel"
        error={error}
        onChange={(text) => onChange(text.split(",").map((s) => s.trim()).filter(Boolean))}
      />
    );
  }
  return (
    <CheckboxGroup
      prefix={prefix}
      name="channels"
      label={t("channels")}
      hint={t("channelsHint")}
      values={value}
      options={channels.map((c) => [c, c])}
      onChange={onChange}
      error={error}
    />
  );
}

export const LANGUAGES: [string, string][] = [
  ["JA", "日本語"],
  ["EN", "English"],
];

export function SettingsForm({
  initial,
  options,
  submitLabel,
  onSubmit,
  guardName,
}: {
  initial: ScenarioSettings;
  options: ScenarioOptions;
  submitLabel: string;
  onSubmit: (settings: ScenarioSettings) => Promise<{ errors: FieldErrors; saved: boolean }>;
  guardName: string;
}) {
  const { t, label } = useT();
  const [value, setValue] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState("");
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  useUnsavedGuard(guardName, dirty);
  const set = <K extends keyof ScenarioSettings>(key: K) => (v: ScenarioSettings[K]) => {
    setValue((current) => ({ ...current, [key]: v }));
    setDirty(true);
    setStatus("");
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const result = await onSubmit(value);
      setErrors(result.errors);
      setStatus(result.saved ? t("saved") : t("fixErrors"));
      if (result.saved) setDirty(false);
    } catch (failure) {
      setErrors({ "": (failure as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const labelled = (space: string, values: string[]): [string, string][] => values.map((v) => [v, label(space, v)]);
  return (
    <form className="card editor scenario-settings" noValidate onSubmit={submit}>
      <TextField prefix="f" name="name" label={t("name")} value={value.name} onChange={set("name")} error={errors.name} required />
      <TextField prefix="f" name="slug" label={t("slug")} value={value.slug} onChange={set("slug")} error={errors.slug} hint={t("slugHint")} />
      <SelectField prefix="f" name="trigger" label={t("trigger")} value={value.trigger} options={labelled("trigger", options.triggers)} onChange={set("trigger")} error={errors.trigger} />
      {value.trigger === WIN_BACK ? (
        <DormancyFields
          days={value.dormantDays}
          byCategory={value.dormantDaysByCategory}
          onDays={set("dormantDays")}
          onByCategory={set("dormantDaysByCategory")}
          errors={errors}
        />
      ) : null}
      <CheckboxGroup prefix="f" name="goals" label={t("goals")} hint={t("goalsHint")} values={value.goals} options={labelled("goal", options.goals)} onChange={set("goals")} error={errors.goals} />
      <ChannelsField prefix="f" channels={options.channels} value={value.channels} onChange={set("channels")} error={errors.channels} />
      <SelectField prefix="f" name="reentry" label={t("reentry")} value={value.reentry} options={labelled("reentry", options.reentry)} onChange={set("reentry")} error={errors.reentry} />
      <TextField prefix="f" name="holdoutPercent" type="number" min={0} max={50} label={t("holdoutPercent")} hint={t("holdoutHint")} value={String(value.holdoutPercent)} onChange={(v) => set("holdoutPercent")(Number(v))} error={errors.holdoutPercent} />
      <TextField prefix="f" name="timezone" label={t("timezone")} hint="Asia/Tokyo, Europe/Berlin…" value={value.timezone} onChange={set("timezone")} error={errors.timezone} />
      <SelectField prefix="f" name="language" label={t("mailLanguage")} value={value.language} options={LANGUAGES} onChange={set("language")} error={errors.language} />
      <FormError text={errors[""]} />
      <Box className="actions" display="flex" alignItems="center" gap={3}>
        <Button type="submit" variant="primary" disabled={busy}>
          {submitLabel}
        </Button>
        <StatusLine text={status} />
      </Box>
    </form>
  );
}
