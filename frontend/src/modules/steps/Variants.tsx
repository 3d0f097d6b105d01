// A step's A/B variants: each with its weight and texts (empty texts fall back to the step's),
// added, saved and deleted here; "promote" makes one the winner for every mail still waiting.
import { Box, Button } from "@saleor/macaw-ui";
import { type FormEvent, useState } from "react";

import { errorsByField, type FieldErrors, FormError, StatusLine, TextField } from "../../components/forms";
import { Card, Heading, Hint } from "../../components/layout";
import { useApi } from "../../graphql/use-api";
import { useT } from "../../i18n";
import { useUnsavedGuard } from "../../router";
import { VariantCreate, VariantDelete, VariantPromote, VariantUpdate } from "./queries";

export interface Variant {
  id: string;
  name: string;
  weight: number;
  subjectTemplate: string;
  htmlTemplate: string;
  textTemplate: string;
}

const FIELDS = ["name", "weight", "subjectTemplate", "htmlTemplate", "textTemplate"];

function VariantForm({ stepId, variant, isWinner, onChanged }: { stepId: string; variant: Variant | null; isWinner: boolean; onChanged: (message: string) => void }) {
  const { t, apiError } = useT();
  const { mutate } = useApi();
  const [value, setValue] = useState({
    name: variant?.name ?? "", weight: String(variant?.weight ?? 1), subjectTemplate: variant?.subjectTemplate ?? "",
    htmlTemplate: variant?.htmlTemplate ?? "", textTemplate: variant?.textTemplate ?? "",
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState("");
  const [dirty, setDirty] = useState(false);
  useUnsavedGuard(`variant-${variant?.id ?? "new"}`, dirty);
  const prefix = `variant-${variant ? variant.name : "new"}`;
  const set = (key: keyof typeof value) => (v: string) => {
    setValue((c) => ({ ...c, [key]: v }));
    setDirty(true);
    setStatus("");
  };
  const input = () => ({ ...value, name: value.name.trim(), weight: Number(value.weight) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const result = variant
        ? (await mutate(VariantUpdate, { id: variant.id, input: input() })).stepmailVariantUpdate
        : (await mutate(VariantCreate, { step: stepId, input: input() })).stepmailVariantCreate;
      const found = result?.errors ?? [];
      setErrors(errorsByField(found, apiError, FIELDS));
      setStatus(found.length ? t("fixErrors") : t("saved"));
      if (!found.length) {
        setDirty(false);
        if (!variant) onChanged("");
      }
    } catch (failure) {
      setErrors({ "": (failure as Error).message });
    }
  };
  const remove = async () => {
    if (!variant || !window.confirm(t("deleteVariantConfirm", { v: variant.name }))) return;
    const result = (await mutate(VariantDelete, { id: variant.id })).stepmailVariantDelete;
    if (result?.errors.length) setErrors({ "": result.errors.map(apiError).join("; ") });
    else {
      setDirty(false);
      onChanged("");
    }
  };
  const promote = async () => {
    if (!variant || !window.confirm(t("promoteConfirm", { v: variant.name }))) return;
    const result = (await mutate(VariantPromote, { id: variant.id })).stepmailVariantPromote;
    if (result?.errors.length) setErrors({ "": result.errors.map(apiError).join("; ") });
    else onChanged(t("promoted", { v: variant.name, n: result?.changed ?? 0 }));
  };
  return (
    <form className="variant-form" noValidate data-variant={variant?.name ?? ""} onSubmit={submit}>
      <TextField prefix={prefix} name="name" label={t("name")} value={value.name} onChange={set("name")} error={errors.name} required />
      <TextField prefix={prefix} name="weight" type="number" min={1} label={t("weight")} value={value.weight} onChange={set("weight")} error={errors.weight} />
      <TextField prefix={prefix} name="subjectTemplate" label={t("subject")} value={value.subjectTemplate} onChange={set("subjectTemplate")} error={errors.subjectTemplate} />
      <TextField prefix={prefix} name="htmlTemplate" label={t("htmlBody")} multiline={4} value={value.htmlTemplate} onChange={set("htmlTemplate")} error={errors.htmlTemplate} />
      <TextField prefix={prefix} name="textTemplate" label={t("textBody")} multiline={4} value={value.textTemplate} onChange={set("textTemplate")} error={errors.textTemplate} />
      <FormError text={errors[""]} />
      <Box className="actions" display="flex" flexWrap="wrap" gap={3} alignItems="center">
        <Button type="submit" variant="primary">
          {variant ? t("save") : t("addVariant")}
        </Button>
        {variant ? (
          <Button type="button" variant="secondary" data-action="promote" disabled={isWinner} onClick={promote}>
            {isWinner ? t("winner") : t("promote")}
          </Button>
        ) : null}
        {variant ? (
          <Button type="button" variant="error" data-action="delete" className="apart" onClick={remove}>
            {t("delete")}
          </Button>
        ) : null}
        <StatusLine text={status} />
      </Box>
    </form>
  );
}

export function VariantsEditor({ stepId, variants, winnerId, onChanged }: { stepId: string; variants: Variant[]; winnerId: string | null; onChanged: () => void }) {
  const { t } = useT();
  const [message, setMessage] = useState("");
  const changed = (text: string) => {
    setMessage(text);
    onChanged();
  };
  return (
    <Card className="variants-editor" aria-labelledby="variants-title">
      <Heading id="variants-title">{t("variants")}</Heading>
      <Hint>{t("variantsHint")}</Hint>
      {message ? (
        <p className="status-message" role="status">
          {message}
        </p>
      ) : null}
      {variants.map((v) => (
        <details key={v.id} className="variant">
          <summary>{`${v.name} · ${t("weight")} ${v.weight}`}</summary>
          <VariantForm stepId={stepId} variant={v} isWinner={winnerId === v.id} onChanged={changed} />
        </details>
      ))}
      <details className="variant new" key={variants.length}>
        <summary>{t("addVariant")}</summary>
        <VariantForm stepId={stepId} variant={null} isWinner={false} onChanged={changed} />
      </details>
    </Card>
  );
}
