// Form pieces shared by the editors: a labelled control with its error slot (ids the API's
// errors are put by), native selects (usable on a phone), checkbox groups, and the form's
// status line, which clears as soon as the form is edited again.
import { Box, Checkbox, Input, Text, Textarea } from "@saleor/macaw-ui";
import type { ChangeEvent, ReactNode } from "react";

import type { ApiError } from "../i18n";

export type FieldErrors = Record<string, string>;

// The API's errors by field; those of no field shown on this form under "".
export function errorsByField(errors: ApiError[], apiError: (e: ApiError) => string, fields: string[]): FieldErrors {
  const byField: FieldErrors = {};
  for (const error of errors) {
    const key = error.field && fields.includes(error.field) ? error.field : "";
    byField[key] = byField[key] ? `${byField[key]}; ${apiError(error)}` : apiError(error);
  }
  return byField;
}

interface FieldProps {
  id: string;
  name: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  children?: ReactNode;
}

export function ErrorSlot({ id, name, error }: { id: string; name: string; error?: string }) {
  return (
    <p className="field-error" id={`${id}-error`} data-field={name} aria-live="polite">
      {error ?? ""}
    </p>
  );
}

export function Field({ id, name, label, error, hint, children }: FieldProps) {
  return (
    <Box className="field" display="flex" flexDirection="column" gap={1} marginBottom={3}>
      <label htmlFor={id}>
        <Text size={3} fontWeight="medium">
          {label}
        </Text>
      </label>
      {children}
      {hint ? (
        <p className="hint">
          {hint}
        </p>
      ) : null}
      <ErrorSlot id={id} name={name} error={error} />
    </Box>
  );
}

type InputProps = {
  prefix: string;
  name: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  type?: string;
  min?: number;
  max?: number;
  step?: string;
  placeholder?: string;
  required?: boolean;
  multiline?: number;
  autoComplete?: string;
};

export function TextField(props: InputProps) {
  const id = `${props.prefix}-${props.name}`;
  const common = {
    id,
    name: props.name,
    value: props.value,
    "aria-invalid": props.error ? true : undefined,
    "aria-describedby": `${id}-error`,
    placeholder: props.placeholder,
    required: props.required,
    spellCheck: false,
  };
  return (
    <Field id={id} name={props.name} label={props.label} error={props.error} hint={props.hint}>
      {props.multiline ? (
        <Textarea
          {...common}
          rows={props.multiline}
          error={Boolean(props.error)}
          onChange={(e: ChangeEvent<HTMLTextAreaElement>) => props.onChange(e.target.value)}
        />
      ) : (
        <Input
          {...common}
          type={(props.type ?? "text") as "text"}
          min={props.min}
          max={props.max}
          step={props.step}
          autoComplete={props.autoComplete}
          error={Boolean(props.error)}
          onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function NativeSelect({
  id,
  name,
  value,
  options,
  onChange,
  label,
  className,
  invalid,
}: {
  id?: string;
  name?: string;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
  label?: string;
  className?: string;
  invalid?: boolean;
}) {
  return (
    <select
      id={id}
      name={name}
      className={`native-select ${className ?? ""}`}
      value={value}
      aria-label={label}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={id ? `${id}-error` : undefined}
      onChange={(e) => onChange(e.target.value)}
    >
      {options.map(([optionValue, text]) => (
        <option key={optionValue} value={optionValue}>
          {text}
        </option>
      ))}
    </select>
  );
}

export function SelectField(props: {
  prefix: string;
  name: string;
  label: ReactNode;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
}) {
  const id = `${props.prefix}-${props.name}`;
  return (
    <Field id={id} name={props.name} label={props.label} error={props.error} hint={props.hint}>
      <NativeSelect id={id} name={props.name} value={props.value} options={props.options} onChange={props.onChange} invalid={Boolean(props.error)} />
    </Field>
  );
}

// Several choices as checkboxes: one click each, no ctrl-click.
export function CheckboxGroup(props: {
  prefix: string;
  name: string;
  label: ReactNode;
  values: string[];
  options: [string, string][];
  onChange: (values: string[]) => void;
  error?: string;
  hint?: ReactNode;
}) {
  const id = `${props.prefix}-${props.name}`;
  const toggle = (value: string, on: boolean) =>
    props.onChange(on ? [...props.values, value] : props.values.filter((v) => v !== value));
  return (
    <Box as="fieldset" className="field checkbox-group" data-name={props.name} borderWidth={0} padding={0} margin={0} marginBottom={3}>
      <legend>
        <Text size={3} fontWeight="medium">
          {props.label}
        </Text>
      </legend>
      <Box display="flex" flexWrap="wrap" gap={3} paddingY={1}>
        {props.options.map(([value, text]) => (
          <Checkbox
            key={value}
            name={props.name}
            value={value}
            checked={props.values.includes(value)}
            onCheckedChange={(on) => toggle(value, on === true)}
          >
            <Text size={3}>{text}</Text>
          </Checkbox>
        ))}
      </Box>
      {props.hint ? (
        <p className="hint">
          {props.hint}
        </p>
      ) : null}
      <ErrorSlot id={id} name={props.name} error={props.error} />
    </Box>
  );
}

// "Saved." or "Not saved: …", shown until the form is edited again.
export function StatusLine({ text, className = "status-message" }: { text: string; className?: string }) {
  return (
    <p className={className} role="status">
      {text}
    </p>
  );
}

export function FormError({ text }: { text?: string }) {
  return (
    <p className="form-error" role="alert">
      {text ?? ""}
    </p>
  );
}

