// A customer's step mail, opened from the Dashboard's order or customer page: the Dashboard
// passes the order's or the user's global id (`id`); Saleor's own API, with the same token,
// says whose it is, and their enrolments show.
import { Button } from "@saleor/macaw-ui";

import { Failed, Loading, PageHeader } from "../../components/layout";
import { usePage } from "../../context";
import { useLoad } from "../../graphql/use-api";
import { useT } from "../../i18n";
import { saleorPost } from "../../session/saleor";
import { EnrollmentList } from "./Enrollments";

const WHOSE: Record<string, string> = {
  Order: `query StepmailWhoseOrder($id: ID!) { order(id: $id) { userEmail user { email } } }`,
  User: `query StepmailWhoseUser($id: ID!) { user(id: $id) { email } }`,
};

// Where the Dashboard shows the object the page was opened from.
const DASHBOARD_PATHS: Record<string, string> = { Order: "/orders/", User: "/customers/" };

type Whose = { order?: { userEmail?: string | null; user?: { email: string } | null } | null; user?: { email: string } | null };

export function nodeType(globalId: string): string {
  try {
    return atob(globalId).split(":")[0];
  } catch {
    return "";
  }
}

export function CustomerScreen({ params }: { params: URLSearchParams }) {
  const { t } = useT();
  const { session, saleorApiUrl, dashboard } = usePage();
  const id = params.get("id") || "";
  const whose = useLoad(async () => {
    const type = nodeType(id);
    if (!WHOSE[type]) return "";
    const data = await saleorPost<Whose>(saleorApiUrl, WHOSE[type], { id }, await session.accessToken());
    return (type === "Order" ? data.order?.userEmail || data.order?.user?.email : data.user?.email) || "";
  }, [id]);
  if (whose.error) return <Failed message={whose.error} />;
  if (whose.data === undefined) return <Loading />;
  return (
    <>
      <PageHeader title={t("enrollments")}>
        {dashboard && DASHBOARD_PATHS[nodeType(id)] ? (
          <Button type="button" variant="secondary" data-action="open-in-dashboard" onClick={() => dashboard.openInDashboard(`${DASHBOARD_PATHS[nodeType(id)]}${encodeURIComponent(id)}`)}>
            {t("dashboardNav")}
          </Button>
        ) : null}
      </PageHeader>
      {whose.data ? <EnrollmentList email={whose.data} /> : <p role="alert">{t("customerUnknown")}</p>}
    </>
  );
}
