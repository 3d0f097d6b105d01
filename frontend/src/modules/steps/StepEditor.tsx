// The step editor: timing, channel and its settings (a form from the channel's schema),
// conditions from the facts catalogue, END/MOVE branches, voucher, active or not; subject and
// bodies with a live preview, A/B variants, a test send; the API's errors next to their fields.
// Unsaved edits are kept from a reload or a click away by a prompt; "Saved." clears on the next
// edit.
import { Box, Button, Checkbox, Text } from "@saleor/macaw-ui";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";

import { errorsByField, type FieldErrors, FormError, SelectField, StatusLine, TextField } from "../../components/forms";
import { BackLink, Card, Failed, Loading, Muted } from "../../components/layout";
import { type StepmailChannelKind, StepmailStepAction } from "../../gql/graphql";
import { useApi, useLoad } from "../../graphql/use-api";
import { useT } from "../../i18n";
import { usePage } from "../../context";
import { scenarioUrl, useUnsavedGuard } from "../../router";
import { ChannelSettings } from "./ChannelSettings";
import { type ConfigValue, configInitial, configProblems, configToSave, parseSchema } from "./channel-schema";
import { ConditionBuilder } from "./ConditionBuilder";
import { type Condition, parseConditions } from "./conditions";
import { LinePreview, MailPreview, type PreviewData } from "./Preview";
import { StepEditQuery, StepPreview, StepSendTest, StepUpdate } from "./queries";
import { VariantsEditor } from "./Variants";

const PREVIEW_DELAY_MS = 350;
const FIELDS = [
  "name", "delayDays", "delayHours", "delayMinutes", "sendAt", "delayFact", "delayFactOffsetDays", "channel", "channelConfig",
  "action", "moveTo", "isActive", "conditions", "voucher", "subjectTemplate", "htmlTemplate", "textTemplate",
];

interface Draft {
  name: string;
  delayDays: string;
  delayHours: string;
  delayMinutes: string;
  sendAt: string;
  delayFact: string;
  delayFactOffsetDays: string;
  channel: string;
  action: string;
  moveTo: string;
  isActive: boolean;
  conditions: Condition[];
  voucherId: string;
  validDays: string;
  subjectTemplate: string;
  htmlTemplate: string;
  textTemplate: string;
  config: ConfigValue;
}

function TestSend({ stepId, refusal, channel }: { stepId: string; refusal: string | null; channel: string }) {
  const { t, label, apiError } = useT();
  const { mutate } = useApi();
  const { session } = usePage();
  const [to, setTo] = useState(session.email());
  const [result, setResult] = useState({ ok: false, text: "" });
  if (refusal !== null) {
    return (
      <Card className={channel === "LINE" ? "line-no-test" : "no-test"}>
        <Muted>{channel === "LINE" ? t("lineNoTest") : t("noTestSend", { channel: label("channel", channel) })}</Muted>
      </Card>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const answer = (await mutate(StepSendTest, { id: stepId, to: to.trim() })).stepmailStepSendTest;
      const errors = answer?.errors ?? [];
      setResult(errors.length ? { ok: false, text: errors.map(apiError).join("; ") } : { ok: true, text: t("testSent", { to: to.trim() }) });
    } catch (failure) {
      setResult({ ok: false, text: (failure as Error).message });
    }
  };
  return (
    <form className="card test-send" noValidate onSubmit={submit}>
      <label htmlFor="test-to">{t("testTo")}</label>
      <Box display="flex" gap={2} alignItems="center" className="inline">
        <input className="native" id="test-to" name="to" type="email" value={to} aria-describedby="test-to-error" onChange={(e) => setTo(e.target.value)} />
        <Button type="submit" variant="secondary">
          {t("sendTest")}
        </Button>
      </Box>
      <p className={`field-error ${result.ok ? "ok" : ""}`} id="test-to-error" data-field="to" role="status">
        {result.text}
      </p>
    </form>
  );
}

export function StepEditorScreen({ scenarioId, stepId }: { scenarioId: string; stepId: string }) {
  const { t, locale } = useT();
  const { query } = useApi();
  const loaded = useLoad(() => query(StepEditQuery, { id: scenarioId, language: locale === "ja" ? "JA" : "EN" }), [scenarioId, locale]);
  if (loaded.error) return <Failed message={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const scenario = loaded.data.stepmailScenario;
  const step = scenario?.steps.find((s) => s.id === stepId);
  if (!scenario || !step) return <Failed message={t("error.NOT_FOUND")} />;
  return <StepEditor key={step.id} data={loaded.data} scenarioId={scenarioId} stepId={stepId} reload={loaded.reload} />;
}

type EditData = NonNullable<ReturnType<typeof useLoad<import("../../gql/graphql").StepmailStepEditQuery>>["data"]>;

function StepEditor({ data, scenarioId, stepId, reload }: { data: EditData; scenarioId: string; stepId: string; reload: () => void }) {
  const { t, label, apiError } = useT();
  const { mutate } = useApi();
  const { dashboard } = usePage();
  const scenario = data.stepmailScenario!;
  const step = scenario.steps.find((s) => s.id === stepId)!;
  const kinds = new Map(data.stepmailChannelKinds.map((k) => [k.kind.toUpperCase(), k]));
  const voucher = step.voucher ? JSON.parse(step.voucher) ?? {} : {};
  const [draft, setDraft] = useState<Draft>(() => {
    const schema = parseSchema(kinds.get(step.channel)?.configSchema ?? "{}");
    return {
      name: step.name, delayDays: String(step.delayDays), delayHours: String(step.delayHours), delayMinutes: String(step.delayMinutes),
      sendAt: step.sendAt ?? "", delayFact: step.delayFact, delayFactOffsetDays: String(step.delayFactOffsetDays), channel: step.channel,
      action: step.action, moveTo: step.moveTo?.id ?? "", isActive: step.isActive, conditions: parseConditions(step.conditions),
      voucherId: voucher.voucherId ?? "", validDays: String(voucher.validDays ?? 14), subjectTemplate: step.subjectTemplate,
      htmlTemplate: step.htmlTemplate, textTemplate: step.textTemplate, config: configInitial(schema, JSON.parse(step.channelConfig || "{}")),
    };
  });
  const kind = kinds.get(draft.channel);
  const schema = useMemo(() => parseSchema(kind?.configSchema ?? "{}"), [kind]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [showProblems, setShowProblems] = useState(false);
  const [status, setStatus] = useState("");
  const [dirty, setDirty] = useState(false);
  const [preview, setPreview] = useState<PreviewData | null>(null);
  useUnsavedGuard("step", dirty);
  const problems = configProblems(schema, draft.config, step.hasChannelSecret);
  const set = <K extends keyof Draft>(key: K) => (v: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: v }));
    setDirty(true);
    setStatus("");
  };
  const isLine = draft.channel === "LINE";
  const hasHtml = kind?.htmlBody ?? true;

  // The preview follows the texts as they are typed (debounced); its errors go to their fields.
  const texts = { subjectTemplate: draft.subjectTemplate, htmlTemplate: hasHtml ? draft.htmlTemplate : "", textTemplate: draft.textTemplate };
  const textsKey = JSON.stringify(texts);
  const first = useRef(true);
  useEffect(() => {
    const timer = setTimeout(
      async () => {
        try {
          const result = (await mutate(StepPreview, { id: stepId, draft: texts })).stepmailStepPreview;
          const found = result?.errors ?? [];
          setErrors((current) => {
            const next = { ...current };
            for (const f of ["subjectTemplate", "htmlTemplate", "textTemplate"]) delete next[f];
            return { ...next, ...errorsByField(found, apiError, FIELDS) };
          });
          if (!found.length && result?.preview) setPreview(result.preview);
        } catch (failure) {
          setErrors((current) => ({ ...current, "": (failure as Error).message }));
        }
      },
      first.current ? 0 : PREVIEW_DELAY_MS,
    );
    first.current = false;
    return () => clearTimeout(timer);
    // The texts, by their value: a new preview only when one of them changed.
  }, [textsKey, stepId]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowProblems(true);
    if (Object.keys(problems).length) {
      setStatus(t("fixErrors"));
      return;
    }
    const number = (text: string) => Number(text || 0);
    const input = {
      name: draft.name, delayDays: number(draft.delayDays), delayHours: number(draft.delayHours), delayMinutes: number(draft.delayMinutes),
      sendAt: draft.sendAt || null, delayFact: draft.delayFact, delayFactOffsetDays: number(draft.delayFactOffsetDays),
      channel: draft.channel as StepmailChannelKind, channelConfig: JSON.stringify(configToSave(schema, draft.config)),
      action: draft.action as StepmailStepAction, moveTo: draft.moveTo || null, isActive: draft.isActive,
      conditions: JSON.stringify(draft.conditions),
      voucher: draft.voucherId.trim() ? JSON.stringify({ voucherId: draft.voucherId.trim(), validDays: number(draft.validDays) }) : null,
      ...texts,
    };
    try {
      const result = (await mutate(StepUpdate, { id: stepId, input })).stepmailStepUpdate;
      const found = result?.errors ?? [];
      setErrors(errorsByField(found, apiError, FIELDS));
      setStatus(found.length ? t("fixErrors") : t("saved"));
      if (!found.length) {
        setDirty(false);
        dashboard?.notify("success", t("notifySaved"));
      }
    } catch (failure) {
      setErrors({ "": (failure as Error).message });
      setStatus(t("fixErrors"));
    }
  };

  const facts = data.stepmailFacts;
  const others = (data.stepmailScenarios?.edges ?? []).flatMap((e) => (e?.node && e.node.id !== scenarioId ? [e.node] : []));
  const timedFacts = facts.filter((f) => f.type === "number" || f.type === "date");
  const actions = Object.values(StepmailStepAction) as string[];
  return (
    <>
      <BackLink href={scenarioUrl(scenarioId)}>← {scenario.name}</BackLink>
      {dirty ? (
        <p className="unsaved">
          {t("unsaved")}
        </p>
      ) : null}
      <div className="editor-layout">
        <div>
          <form className="card editor" noValidate aria-labelledby="editor-title" onSubmit={submit}>
            <Text as="h1" id="editor-title" size={8} fontWeight="bold">
              {t("editStep", { n: step.position + 1 })}
            </Text>
            <TextField prefix="step" name="name" label={t("name")} value={draft.name} onChange={set("name")} error={errors.name} />
            <div className="timing">
              <TextField prefix="step" name="delayDays" type="number" min={0} label={t("delayDays")} value={draft.delayDays} onChange={set("delayDays")} error={errors.delayDays} />
              <TextField prefix="step" name="delayHours" type="number" min={0} label={t("delayHours")} value={draft.delayHours} onChange={set("delayHours")} error={errors.delayHours} />
              <TextField prefix="step" name="delayMinutes" type="number" min={0} label={t("delayMinutes")} value={draft.delayMinutes} onChange={set("delayMinutes")} error={errors.delayMinutes} />
            </div>
            <TextField prefix="step" name="sendAt" type="time" label={t("sendAt")} hint={`${t("sendAtHint")} (${t("timeZoneLabel", { z: scenario.timezone })})`} value={draft.sendAt} onChange={set("sendAt")} error={errors.sendAt} />
            <SelectField prefix="step" name="delayFact" label={t("delayFact")} hint={t("delayFactHint")} value={draft.delayFact} options={[["", t("none")], ...timedFacts.map((f): [string, string] => [f.name, label("fact", f.name)])]} onChange={set("delayFact")} error={errors.delayFact} />
            <TextField prefix="step" name="delayFactOffsetDays" type="number" label={t("delayFactOffsetDays")} value={draft.delayFactOffsetDays} onChange={set("delayFactOffsetDays")} error={errors.delayFactOffsetDays} />
            <SelectField
              prefix="step"
              name="channel"
              label={t("channel")}
              value={draft.channel}
              options={data.stepmailChannelKinds.map((k): [string, string] => [k.kind.toUpperCase(), k.label])}
              onChange={(channel) => {
                const next = parseSchema(kinds.get(channel)?.configSchema ?? "{}");
                setDraft((d) => ({ ...d, channel, config: configInitial(next, {}) }));
                setDirty(true);
                setStatus("");
              }}
              error={errors.channel}
            />
            <ChannelSettings schema={schema} value={draft.config} onChange={set("config")} problems={showProblems ? problems : {}} serverError={errors.channelConfig} secretKept={step.hasChannelSecret} />
            <SelectField prefix="step" name="action" label={t("action")} hint={t("actionHint")} value={draft.action} options={actions.map((a): [string, string] => [a, label("action", a)])} onChange={set("action")} error={errors.action} />
            <SelectField prefix="step" name="moveTo" label={t("moveTo")} value={draft.moveTo} options={[["", t("none")], ...others.map((s): [string, string] => [s.id, s.name])]} onChange={set("moveTo")} error={errors.moveTo} />
            <Box className="field check" marginBottom={3}>
              <Checkbox name="isActive" checked={draft.isActive} onCheckedChange={(on) => set("isActive")(on === true)}>
                <Text>{t("stepActive")}</Text>
              </Checkbox>
              <p className="hint">
                {t("stepActiveHint")}
              </p>
              <p className="field-error" id="step-isActive-error">
                {errors.isActive ?? ""}
              </p>
            </Box>
            <ConditionBuilder facts={facts} value={draft.conditions} onChange={set("conditions")} error={errors.conditions} />
            <fieldset className="voucher">
              <legend>{t("voucher")}</legend>
              <TextField prefix="step" name="voucherId" label={t("voucherId")} placeholder="Vm91Y2hlcjox" hint={t("voucherHint")} value={draft.voucherId} onChange={set("voucherId")} />
              <TextField prefix="step" name="validDays" type="number" min={1} max={365} label={t("validDays")} value={draft.validDays} onChange={set("validDays")} />
              <p className="field-error" id="step-voucher-error" data-field="voucher">
                {errors.voucher ?? ""}
              </p>
            </fieldset>
            <TextField prefix="step" name="subjectTemplate" label={t(isLine ? "lineAltText" : "subject")} value={draft.subjectTemplate} onChange={set("subjectTemplate")} error={errors.subjectTemplate} />
            {hasHtml ? <TextField prefix="step" name="htmlTemplate" multiline={10} label={t("htmlBody")} value={draft.htmlTemplate} onChange={set("htmlTemplate")} error={errors.htmlTemplate} /> : null}
            <TextField prefix="step" name="textTemplate" multiline={6} label={t(isLine ? "lineText" : "textBody")} value={draft.textTemplate} onChange={set("textTemplate")} error={errors.textTemplate} />
            <FormError text={errors[""]} />
            <Box className="actions" display="flex" alignItems="center" gap={3}>
              <Button type="submit" variant="primary">
                {t("save")}
              </Button>
              <StatusLine text={status} />
            </Box>
          </form>
          <TestSend stepId={stepId} channel={draft.channel} refusal={kind?.canTestSend === false ? (kind.testSendRefusal ?? "") : null} />
        </div>
        <div>
          {isLine ? <LinePreview preview={preview} config={draft.config} /> : <MailPreview preview={preview} />}
          <VariantsEditor stepId={stepId} variants={step.variants} winnerId={step.winningVariant?.id ?? null} onChanged={reload} />
        </div>
      </div>
    </>
  );
}
