// A range of days for the results, the analysis and the simulator: typed days are checked
// (a calendar day of a four-digit year) before they reach the URL.
import { Box, Button } from "@saleor/macaw-ui";
import { type FormEvent, useState } from "react";

import { TextField } from "../../components/forms";
import { type DayRange, parseDay } from "../../lib/dates";
import { useT } from "../../i18n";

export function RangeForm({
  range,
  prefix,
  submitLabel,
  onApply,
  timeZone,
}: {
  range: DayRange;
  prefix: string;
  submitLabel: string;
  onApply: (start: string, end: string) => void;
  timeZone: string;
}) {
  const { t } = useT();
  const [start, setStart] = useState(range.startDay);
  const [end, setEnd] = useState(range.endDay);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!parseDay(start)) found.start = t("invalidDate");
    if (!parseDay(end)) found.end = t("invalidDate");
    setErrors(found);
    if (!Object.keys(found).length) onApply(start, end);
  };
  return (
    <form className="range" aria-label={`${t("from")} / ${t("to")}`} noValidate onSubmit={submit}>
      <Box display="flex" flexWrap="wrap" alignItems="flex-end" gap={3}>
        <TextField prefix={prefix} name="start" type="date" label={t("from")} value={start} onChange={setStart} error={errors.start} required />
        <TextField prefix={prefix} name="end" type="date" label={t("to")} value={end} onChange={setEnd} error={errors.end} required />
        <Box marginBottom={3} display="flex" flexDirection="column" gap={1}>
          <Button type="submit" variant="primary">
            {submitLabel}
          </Button>
        </Box>
      </Box>
      <p className="muted zone-label">{t("timeZoneLabel", { z: timeZone })}</p>
    </form>
  );
}
