// A win-back's days without a paid order (docs/scenarios.md "Win-back of dormant customers"):
// one number for every order, and rows of category slug and days for the categories that keep
// a customer longer. The API checks both and answers at their fields: without Saleor it refuses
// the rows (its orders do not say their categories), and the page shows its message there.
import { Box, Button } from "@saleor/macaw-ui";

import { ErrorSlot, type FieldErrors, TextField } from "../../components/forms";
import { useT } from "../../i18n";

export const WIN_BACK = "CUSTOMER_DORMANT";

export interface CategoryDays {
  category: string;
  days: number | null;
}

// What a number field holds, as the API's Int: empty is none.
export const wholeDays = (text: string): number | null => (text.trim() === "" ? null : Math.trunc(Number(text)));

export function DormancyFields({
  days,
  byCategory,
  onDays,
  onByCategory,
  errors,
}: {
  days: number | null;
  byCategory: CategoryDays[];
  onDays: (days: number | null) => void;
  onByCategory: (rows: CategoryDays[]) => void;
  errors: FieldErrors;
}) {
  const { t } = useT();
  const change = (index: number, row: Partial<CategoryDays>) => onByCategory(byCategory.map((r, i) => (i === index ? { ...r, ...row } : r)));
  return (
    <Box as="fieldset" className="field win-back" borderWidth={0} padding={0} margin={0} marginBottom={3}>
      <legend className="legend">{t("winBack")}</legend>
      <TextField
        prefix="f"
        name="dormantDays"
        type="number"
        min={1}
        max={1000}
        label={t("dormantDays")}
        hint={t("dormantDaysHint")}
        value={days === null ? "" : String(days)}
        onChange={(text) => onDays(wholeDays(text))}
        error={errors.dormantDays}
        required
      />
      <p className="label">{t("dormantDaysByCategory")}</p>
      <p className="hint">{t("dormantDaysByCategoryHint")}</p>
      <ol className="category-days">
        {byCategory.map((row, i) => (
          <li key={i} className="category-row" data-row={i}>
            <TextField prefix={`f-category-${i}`} name="category" label={t("categorySlug")} placeholder="apparel" value={row.category} onChange={(category) => change(i, { category })} />
            <TextField
              prefix={`f-category-${i}`}
              name="days"
              type="number"
              min={1}
              max={1000}
              label={t("days")}
              value={row.days === null ? "" : String(row.days)}
              onChange={(text) => change(i, { days: wholeDays(text) })}
            />
            <Button type="button" variant="secondary" size="small" className="remove-category" aria-label={`${t("remove")}: ${row.category || i + 1}`} onClick={() => onByCategory(byCategory.filter((_, j) => j !== i))}>
              {t("remove")}
            </Button>
          </li>
        ))}
      </ol>
      <Button type="button" variant="secondary" size="small" id="add-category" onClick={() => onByCategory([...byCategory, { category: "", days: null }])}>
        {t("addCategory")}
      </Button>
      <ErrorSlot id="f-dormantDaysByCategory" name="dormantDaysByCategory" error={errors.dormantDaysByCategory} />
    </Box>
  );
}
