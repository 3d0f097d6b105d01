// A step's channel settings as a form generated from the channel's schema (stepmailChannelKinds'
// configSchema): each field with its label in the page's language and its error beside it.
import { Box, Button, Text } from "@saleor/macaw-ui";

import { TextField } from "../../components/forms";
import { type MessageKey, useT } from "../../i18n";
import { type ConfigValue, type FieldSchema, fieldLabel, type ObjectSchema, type Problem } from "./channel-schema";

function inputType(field: FieldSchema): string {
  if (field.writeOnly) return "password";
  if (field.type === "number" || field.type === "integer") return "number";
  return field.format === "uri" ? "url" : "text";
}

export function ChannelSettings({
  schema,
  value,
  onChange,
  problems,
  serverError,
  secretKept,
}: {
  schema: ObjectSchema;
  value: ConfigValue;
  onChange: (v: ConfigValue) => void;
  problems: Record<string, Problem>;
  serverError?: string;
  secretKept: boolean;
}) {
  const { t, locale } = useT();
  const message = (path: string) => (problems[path] ? t(problems[path].key as MessageKey, problems[path].values) : undefined);
  const fields = Object.entries(schema.properties);
  return (
    <fieldset className="channel-settings">
      <legend>{t("channelSettings")}</legend>
      {fields.length === 0 ? <Text color="default2">{t("noChannelSettings")}</Text> : null}
      {fields.map(([name, field]) => {
        const label = fieldLabel(name, field, locale);
        if (field.type === "array" && field.items) {
          const items = (value[name] as ConfigValue[]) ?? [];
          const itemFields = Object.entries(field.items.properties);
          const setItems = (next: ConfigValue[]) => onChange({ ...value, [name]: next });
          return (
            <fieldset key={name} className="config-list" data-config={name}>
              <legend>{label}</legend>
              {items.map((item, i) => (
                <Box key={i} className="config-item" display="flex" flexWrap="wrap" gap={2} alignItems="flex-end">
                  {itemFields.map(([itemName, itemField]) => (
                    <TextField
                      key={itemName}
                      prefix={`step-cfg-${name}-${i}`}
                      name={itemName}
                      type={inputType(itemField)}
                      label={fieldLabel(itemName, itemField, locale)}
                      value={String(item[itemName] ?? "")}
                      error={message(`${name}.${i}.${itemName}`)}
                      onChange={(v) => setItems(items.map((it, j) => (j === i ? { ...it, [itemName]: v } : it)))}
                    />
                  ))}
                  <Button type="button" variant="tertiary" size="small" aria-label={t("removeButton")} onClick={() => setItems(items.filter((_, j) => j !== i))}>
                    ×
                  </Button>
                </Box>
              ))}
              {field.maxItems === undefined || items.length < field.maxItems ? (
                <Button type="button" variant="secondary" size="small" className="add-config-item" onClick={() => setItems([...items, {}])}>
                  {t("addButton")}
                </Button>
              ) : null}
              <p className="field-error" id={`step-cfg-${name}-error`} role="status">
                {message(name) ?? ""}
              </p>
            </fieldset>
          );
        }
        return (
          <TextField
            key={name}
            prefix="step-cfg"
            name={name}
            type={inputType(field)}
            label={label}
            hint={field.writeOnly && secretKept ? t("secretKept") : undefined}
            value={String(value[name] ?? "")}
            error={message(name)}
            onChange={(v) => onChange({ ...value, [name]: v })}
          />
        );
      })}
      <p className="field-error" id="step-channelConfig-error" data-field="channelConfig" aria-live="polite">
        {serverError ?? ""}
      </p>
    </fieldset>
  );
}
