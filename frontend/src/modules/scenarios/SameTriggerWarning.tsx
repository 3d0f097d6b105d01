// Other active scenarios start on this one's trigger in a channel it applies to (the API's
// sameTrigger): a customer enters each of them and gets both scenarios' mails, unless the
// channel's "one scenario per trigger" setting keeps them to the oldest (docs/scenarios.md
// "Several scenarios on one trigger").
import { scenarioUrl } from "../../router";
import { useT } from "../../i18n";

export interface SameTriggerScenario {
  id: string;
  name: string;
  slug: string;
}

export function SameTriggerWarning({ others }: { others: readonly SameTriggerScenario[] }) {
  const { t } = useT();
  if (!others.length) return null;
  return (
    <div className="warning same-trigger" role="status">
      <p>
        <strong>{t("sameTriggerTitle")}</strong>{" "}
        {others.map((other, i) => (
          <span key={other.id} data-slug={other.slug}>
            {i ? t("listSeparator") : ""}
            <a href={scenarioUrl(other.id)}>{other.name}</a>
          </span>
        ))}
      </p>
      <p>{t("sameTriggerExplained")}</p>
    </div>
  );
}
