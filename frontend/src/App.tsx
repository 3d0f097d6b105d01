// The page: a header, a hash router and one screen at a time, in the Dashboard's theme and the
// operator's language. Standalone it signs staff in with Saleor's tokenCreate; inside the
// Dashboard it takes the Dashboard's token through App Bridge.
import { Box, Button, Text, ThemeProvider } from "@saleor/macaw-ui";
import { type ReactNode, useEffect, useState, useSyncExternalStore } from "react";
import { IntlProvider } from "react-intl";
import { Provider as UrqlProvider } from "urql";

import { Page, type PageContext } from "./context";
import { apiClient } from "./graphql/client";
import { initialLanguage, type Language, languageOf, MESSAGES, rememberLanguage, useT } from "./i18n";
import { BackfillScreen } from "./modules/tools/Backfill";
import { SimulatorScreen } from "./modules/tools/Simulator";
import { CallListScreen } from "./modules/offline/CallList";
import { CustomerScreen } from "./modules/customers/Customer";
import { EnrollmentsScreen } from "./modules/customers/Enrollments";
import { RepeatRateScreen } from "./modules/repeat/RepeatRate";
import { ScenarioResultsScreen } from "./modules/results/ScenarioResults";
import { ScenarioListScreen } from "./modules/scenarios/ScenarioList";
import { ScenarioNewScreen } from "./modules/scenarios/ScenarioNew";
import { ScenarioSettingsScreen } from "./modules/scenarios/ScenarioSettings";
import { SignInScreen } from "./modules/signin/SignIn";
import { StepEditorScreen } from "./modules/steps/StepEditor";
import { StepListScreen } from "./modules/steps/StepList";
import { parseHash, setLeavePrompt, useHash } from "./router";
import type { StandaloneSession } from "./session/standalone";

type Route = [RegExp, (match: RegExpMatchArray, params: URLSearchParams) => ReactNode];
const id = (m: RegExpMatchArray, i = 1) => decodeURIComponent(m[i]);
const ROUTES: Route[] = [
  [/^#\/new$/, () => <ScenarioNewScreen />],
  [/^#\/scenarios\/([^/?]+)\/settings$/, (m) => <ScenarioSettingsScreen key={id(m)} scenarioId={id(m)} />],
  [/^#\/scenarios\/([^/?]+)\/steps$/, (m) => <StepListScreen key={id(m)} scenarioId={id(m)} />],
  [/^#\/scenarios\/([^/?]+)\/simulate$/, (m, p) => <SimulatorScreen scenarioId={id(m)} params={p} />],
  [/^#\/scenarios\/([^/?]+)\/backfill$/, (m, p) => <BackfillScreen scenarioId={id(m)} params={p} />],
  [/^#\/scenarios\/([^/?]+)\/steps\/([^/?]+)$/, (m) => <StepEditorScreen key={id(m, 2)} scenarioId={id(m)} stepId={id(m, 2)} />],
  [/^#\/scenarios\/([^/?]+)$/, (m, p) => <ScenarioResultsScreen scenarioId={id(m)} params={p} />],
  [/^#\/repeat$/, (_, p) => <RepeatRateScreen params={p} />],
  [/^#\/calls$/, (_, p) => <CallListScreen params={p} />],
  [/^#\/enrollments$/, (_, p) => <EnrollmentsScreen params={p} />],
  [/^#\/customer$/, (_, p) => <CustomerScreen params={p} />],
];

function Screen() {
  const hash = useHash();
  const { path, params } = parseHash(hash);
  for (const [pattern, render] of ROUTES) {
    const match = path.match(pattern);
    if (match) return <>{render(match, params)}</>;
  }
  return <ScenarioListScreen />;
}

function Header({ language, onLanguage, page }: { language: Language; onLanguage: (l: Language) => void; page: PageContext }) {
  const { t } = useT();
  const signedIn = page.session.signedIn();
  return (
    <Box as="header" className="topbar" display="flex" flexWrap="wrap" alignItems="center" gap={4} paddingX={4} paddingY={3} backgroundColor="default2" borderBottomStyle="solid" borderBottomWidth={1} borderColor="default1">
      <a className="brand" href="#/">
        <Text fontWeight="bold" size={5}>
          {t("title")}
        </Text>
      </a>
      {signedIn ? (
        <nav aria-label={t("title")} className="main-nav">
          <a href="#/">{t("scenarios")}</a>
          <a href="#/repeat">{t("repeatRate")}</a>
          <a href="#/enrollments">{t("enrollments")}</a>
          <a href="#/calls">{t("callList")}</a>
        </nav>
      ) : null}
      <Box display="flex" gap={2} marginLeft="auto">
        <Button
          type="button"
          variant="secondary"
          size="small"
          id="language"
          aria-label={t("languageName")}
          lang={language === "ja" ? "en" : "ja"}
          onClick={() => onLanguage(language === "ja" ? "en" : "ja")}
        >
          {t("language")}
        </Button>
        {signedIn && !page.session.embedded ? (
          <Button type="button" variant="secondary" size="small" id="sign-out" onClick={() => page.session.signOut()}>
            {t("signOut")}
          </Button>
        ) : null}
      </Box>
    </Box>
  );
}

function Body({ page }: { page: PageContext }) {
  const { t } = useT();
  useEffect(() => setLeavePrompt(() => window.confirm(t("unsavedPrompt"))), [t]);
  if (page.session.signedIn()) return <Screen />;
  if (page.session.embedded) {
    return (
      <Text as="p" color="default2" role="status" id="bridge-wait">
        {t("waitingForDashboard")}
      </Text>
    );
  }
  return <SignInScreen session={page.session as StandaloneSession} />;
}

export function App({ page, apiUrl }: { page: PageContext; apiUrl: string }) {
  const dashboard = page.dashboard;
  // Re-render on sign-in and sign-out, a new token, the Dashboard's theme or locale.
  const version = useSyncExternalStore(
    (listener) => page.session.onChange(listener),
    () => `${page.session.signedIn()}|${dashboard?.theme()}|${dashboard?.locale()}`,
  );
  const [language, setLanguage] = useState<Language>(() => (dashboard ? languageOf(dashboard.locale()) : initialLanguage()));
  useEffect(() => {
    if (dashboard) setLanguage(languageOf(dashboard.locale()));
  }, [dashboard, version]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const [client] = useState(() => apiClient(apiUrl, page.session));
  const chooseLanguage = (next: Language) => {
    rememberLanguage(next);
    setLanguage(next);
  };
  const theme = dashboard?.theme() === "dark" ? "defaultDark" : "defaultLight";
  return (
    <IntlProvider locale={language} messages={MESSAGES[language]} defaultLocale="en">
      <ThemeProvider defaultTheme={theme} key={theme}>
        <UrqlProvider value={client}>
          <Page.Provider value={page}>
            <Box className="page" backgroundColor="default1" color="default1">
              <Header language={language} onLanguage={chooseLanguage} page={page} />
              <Box id="main" tabIndex={-1} padding={4} className="main" key={version}>
                <Body page={page} />
              </Box>
            </Box>
          </Page.Provider>
        </UrqlProvider>
      </ThemeProvider>
    </IntlProvider>
  );
}
