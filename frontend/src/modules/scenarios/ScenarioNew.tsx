// A new scenario, from a preset (its steps shown first) or blank. It starts paused, so that its
// mails can be read in the step editor before it is activated.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { type FormEvent, useState } from "react";

import { errorsByField, type FieldErrors, FormError, SelectField, TextField } from "../../components/forms";
import { BackLink, Card, Failed, Heading, Hint, Loading, PageHeader } from "../../components/layout";
import type { StepmailLanguage } from "../../gql/graphql";
import { useApi, useLoad } from "../../graphql/use-api";
import { useT } from "../../i18n";
import { navigate, scenarioUrl } from "../../router";
import { PresetsQuery, ScenarioCreate, ScenarioCreateFromPreset } from "./queries";
import { useScenarioOptions } from "./ScenarioSettings";
import { ChannelsField, LANGUAGES, SETTINGS_FIELDS, SettingsForm, settingsInput } from "./SettingsForm";

interface Preset {
  slug: string;
  name: string;
  trigger: string;
  steps: { name: string; delayDays: number }[];
}

function PresetCard({ preset, channels }: { preset: Preset; channels: string[] | null }) {
  const { t, label, apiError, locale } = useT();
  const { mutate } = useApi();
  const [language, setLanguage] = useState(locale === "ja" ? "JA" : "EN");
  const [slug, setSlug] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const input = { preset: preset.slug, language: language as StepmailLanguage, channels: chosen, slug: slug.trim() || null };
      const result = (await mutate(ScenarioCreateFromPreset, { input })).stepmailScenarioCreateFromPreset;
      const found = result?.errors ?? [];
      setErrors(errorsByField(found, apiError, ["language", "slug", "channels"]));
      if (!found.length && result?.scenario) navigate(scenarioUrl(result.scenario.id));
    } catch (failure) {
      setErrors({ "": (failure as Error).message });
    }
  };
  return (
    <form className="card preset" data-preset={preset.slug} noValidate onSubmit={submit}>
      <Heading>{preset.name}</Heading>
      <Text as="p" color="default2">
        {label("trigger", preset.trigger)}
      </Text>
      <ol className="preset-steps" aria-label={t("steps")}>
        {preset.steps.map((s, i) => (
          <li key={i}>
            <span className="day">{t("day", { n: s.delayDays })}</span> {s.name}
          </li>
        ))}
      </ol>
      <SelectField prefix={preset.slug} name="language" label={t("mailLanguage")} value={language} options={LANGUAGES} onChange={setLanguage} error={errors.language} />
      <TextField prefix={preset.slug} name="slug" label={t("slug")} placeholder={preset.slug} hint={t("presetSlugHint")} value={slug} onChange={setSlug} error={errors.slug} />
      <ChannelsField prefix={preset.slug} channels={channels} value={chosen} onChange={setChosen} error={errors.channels} />
      <FormError text={errors[""]} />
      <Button type="submit" variant="primary">
        {t("createFromPreset")}
      </Button>
    </form>
  );
}

export function ScenarioNewScreen() {
  const { t, apiError, locale } = useT();
  const { query, mutate } = useApi();
  const options = useScenarioOptions();
  const presets = useLoad(() => query(PresetsQuery, { language: locale === "ja" ? "JA" : "EN" }), [locale]);
  if (options.error || presets.error) return <Failed message={options.error || presets.error} />;
  if (!options.data || !presets.data) return <Loading />;
  const blank = {
    name: "", slug: "", trigger: options.data.triggers.includes("FIRST_ORDER") ? "FIRST_ORDER" : options.data.triggers[0], goals: [], channels: [], reentry: options.data.reentry[0],
    holdoutPercent: 0, timezone: "Asia/Tokyo", language: locale === "ja" ? "JA" : "EN", dormantDays: null, dormantDaysByCategory: [],
  };
  return (
    <>
      <BackLink href="#/">{t("back")}</BackLink>
      <PageHeader title={t("newScenario")} />
      <Hint>{t("newScenarioHint")}</Hint>
      <section aria-labelledby="presets-title">
        <Heading id="presets-title">{t("fromPreset")}</Heading>
        <Box className="grid presets">
          {presets.data.stepmailPresets.map((p) => (
            <PresetCard key={p.slug} preset={p} channels={options.data!.channels} />
          ))}
        </Box>
      </section>
      <Card aria-labelledby="blank-title">
        <Heading id="blank-title">{t("blankScenario")}</Heading>
        <SettingsForm
          guardName="scenario-new"
          initial={blank}
          options={options.data}
          submitLabel={t("createBlank")}
          onSubmit={async (value) => {
            const result = (await mutate(ScenarioCreate, { input: settingsInput(value) })).stepmailScenarioCreate;
            const errors = result?.errors ?? [];
            if (!errors.length && result?.scenario) setTimeout(() => navigate(scenarioUrl(result.scenario!.id)));
            return { errors: errorsByField(errors, apiError, SETTINGS_FIELDS), saved: !errors.length };
          }}
        />
      </Card>
    </>
  );
}
