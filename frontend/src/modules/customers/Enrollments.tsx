// Enrolments of one customer by email: what was sent, opened, clicked, and why it ended.
import { Box, Button } from "@saleor/macaw-ui";
import { type FormEvent, useState } from "react";

import { Badge, Failed, Heading, Loading, PageHeader } from "../../components/layout";
import { useApi, useLoad } from "../../graphql/use-api";
import { useT } from "../../i18n";
import { navigate } from "../../router";
import type { StepmailEnrollmentsQuery } from "../../gql/graphql";
import { EnrollmentExit, EnrollmentsQuery } from "./queries";

type Enrollment = NonNullable<NonNullable<NonNullable<StepmailEnrollmentsQuery["stepmailEnrollments"]>["edges"][number]>["node"]>;

function EnrollmentCard({ enrollment, onEnded }: { enrollment: Enrollment; onEnded: () => void }) {
  const { t, label, reason, dateTime, number, apiError } = useT();
  const { mutate } = useApi();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const end = async () => {
    if (!window.confirm(t("endEnrollmentConfirm", { s: enrollment.scenario.name }))) return;
    setBusy(true);
    setError("");
    try {
      const result = (await mutate(EnrollmentExit, { id: enrollment.id })).stepmailEnrollmentExit;
      if (result?.errors.length) throw new Error(result.errors.map(apiError).join("; "));
      onEnded();
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  };
  const ending = enrollment.endedAt
    ? t("endedBecause", { d: dateTime(enrollment.endedAt), r: `${label("enrollment", enrollment.state)} — ${reason(enrollment.exitReason)}` })
    : t("running", { d: dateTime(enrollment.nextSendAt) || "—" });
  return (
    <article className="card enrollment" data-state={enrollment.state} data-reason={enrollment.exitReason}>
      <header>
        <Heading>{enrollment.scenario.name}</Heading>
        <Badge tone={enrollment.state}>{label("enrollment", enrollment.state)}</Badge>
        {enrollment.holdout ? <span className="muted">{t("holdoutMember")}</span> : null}
      </header>
      <p className="muted">{t("enrolledOn", { d: dateTime(enrollment.triggeredAt) })}</p>
      <ol className="path">
        {enrollment.deliveries.map((d, i) => {
          const when = d.sentAt || d.dueAt;
          const events = d.events.filter((e) => e.type !== "SENT");
          return (
            <li key={i} className={`delivery ${d.state.toLowerCase()}`} data-state={d.state}>
              <span className="day">{t("day", { n: d.step.delayDays })}</span>
              <span className="what">
                <strong>{`${d.step.position + 1}. ${d.step.name || "—"}`}</strong>
                {d.variant ? ` (${d.variant.name})` : ""}
              </span>
              <Badge tone={d.state}>{label("delivery", d.state)}</Badge>
              <time dateTime={when}>{dateTime(when)}</time>
              {d.reason ? <span className="muted">{reason(d.reason)}</span> : null}
              {events.length ? (
                <ul className="events">
                  {events.map((e, j) => (
                    <li key={j} data-event={e.type}>
                      {label("event", e.type)}
                      {e.type === "CONVERTED" && e.revenue ? ` ${e.currency ? number(Number(e.revenue), { style: "currency", currency: e.currency }) : number(Number(e.revenue))}` : ""} ·{" "}
                      <time dateTime={e.occurredAt}>{dateTime(e.occurredAt)}</time>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
      <p className="ending">{ending}</p>
      {enrollment.state === "ACTIVE" ? (
        <p className="actions">
          <Button type="button" variant="error" data-action="exit" disabled={busy} onClick={end}>
            {t("endEnrollment")}
          </Button>
          <span className="form-error" role="alert">
            {error}
          </span>
        </p>
      ) : null}
    </article>
  );
}

export function EnrollmentList({ email }: { email: string }) {
  const { t } = useT();
  const { query } = useApi();
  const loaded = useLoad(() => query(EnrollmentsQuery, { email }), [email]);
  if (loaded.error) return <Failed message={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const found = (loaded.data.stepmailEnrollments?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <div className="enrollments" aria-live="polite">
      {found.length ? found.map((e) => <EnrollmentCard key={e.id} enrollment={e} onEnded={loaded.reload} />) : <p>{t("noEnrollments")}</p>}
    </div>
  );
}

export function EnrollmentsScreen({ params }: { params: URLSearchParams }) {
  const { t } = useT();
  const email = params.get("email") || "";
  const [typed, setTyped] = useState(email);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`#/enrollments?${new URLSearchParams({ email: typed.trim() })}`);
  };
  return (
    <>
      <PageHeader title={t("enrollments")} />
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="search-email">{t("searchEmail")}</label>
        <Box display="flex" gap={2} className="inline">
          <input className="native" id="search-email" name="email" type="email" value={typed} required onChange={(e) => setTyped(e.target.value)} />
          <Button type="submit" variant="primary">
            {t("search")}
          </Button>
        </Box>
      </form>
      {email ? <EnrollmentList key={email} email={email} /> : null}
    </>
  );
}
