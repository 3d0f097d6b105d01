// The GraphQL documents the page sends to the plugin's API (saleor_stepmail/graphql/schema.graphql).

export const SCENARIOS = `query StepmailDashboardScenarios {
  stepmailScenarios(first: 100) { edges { node { id name slug status trigger } } }
}`;

// Active enrolments and this month's conversions of several scenarios, aliased per scenario:
// the conversions are the scenario row of the rates (stepmailMailRates), as the engine counts them.
export function scenarioFigures(count) {
  const variables = Array.from({ length: count }, (_, i) => `$s${i}: ID!`).join(", ");
  const fields = Array.from(
    { length: count },
    (_, i) => `a${i}: stepmailEnrollments(scenario: $s${i}, state: ACTIVE, first: 1) { totalCount }
  c${i}: stepmailMailRates(scenario: $s${i}, start: $start, end: $end) { level figures { converted } }`,
  ).join("\n  ");
  return `query StepmailDashboardFigures(${variables}, $start: DateTime!, $end: DateTime!) {
  ${fields}
}`;
}

const SCENARIO_FIELDS = "id name slug status trigger holdoutPercent";

export const SCENARIO_ACTIVATE = `mutation($id: ID!) {
  stepmailScenarioActivate(id: $id) { scenario { ${SCENARIO_FIELDS} } errors { field message code } }
}`;

export const SCENARIO_PAUSE = `mutation($id: ID!) {
  stepmailScenarioPause(id: $id) { scenario { ${SCENARIO_FIELDS} } errors { field message code } }
}`;

export const SCENARIO = `query StepmailDashboardScenario($id: ID!) {
  stepmailScenario(id: $id) {
    ${SCENARIO_FIELDS}
    steps { id position name delayDays isActive channel channelConfig subjectTemplate htmlTemplate textTemplate conditions }
  }
}`;

// Every figure of a group of mails (StepmailMailFigures): the page shows them as the API counts
// them and computes none itself.
const FIGURES = `figures { sent delivered bounced opened clicked converted unsubscribed complained
    deliveryRate openRate clickThroughRate clickToOpenRate conversionRate
    revenue { currency amount } revenuePerMail { currency amount } }`;

export const RESULTS = `query StepmailDashboardResults($id: ID!, $start: DateTime!, $end: DateTime!) {
  stepmailStepStats(scenario: $id, start: $start, end: $end) {
    step { id } position name ${FIGURES}
    variants { name isWinner ${FIGURES} }
    comparisons { a b difference pValue significant }
  }
  stepmailHoldoutLift(scenario: $id, start: $start, end: $end) {
    treated { enrollments converted conversionRate revenue { currency amount } }
    holdout { enrollments converted conversionRate }
    lift liftLow liftHigh
  }
}`;

// The analysis of the mails sent in the range (engine/analysis.py), one request for all of it.
export const ANALYSIS = `query StepmailDashboardAnalysis($id: ID!, $start: DateTime!, $end: DateTime!) {
  stepmailSendTimeStats(scenario: $id, start: $start, end: $end) { weekday hour ${FIGURES} }
  stepmailFrequencyStats(scenario: $id, start: $start, end: $end) { earlierMails orMore ${FIGURES} }
  stepmailMailRates(scenario: $id, start: $start, end: $end) {
    level step { position name } variant { name } ${FIGURES}
  }
  stepmailLinkStats(scenario: $id, start: $start, end: $end) {
    step { position name } variant { name } url clicks customers share conversions
  }
}`;

export const REPORT_CSV = `query StepmailDashboardCsv($table: StepmailReportTable!, $id: ID!, $start: DateTime!, $end: DateTime!) {
  stepmailReportCsv(table: $table, scenario: $id, start: $start, end: $end)
}`;

const STEP_FIELDS = "id position name delayDays subjectTemplate htmlTemplate textTemplate conditions";

export const FACTS = `query StepmailDashboardFacts { stepmailFacts { name type source operators } }`;

export const STEP_UPDATE = `mutation StepmailDashboardSaveStep($id: ID!, $input: StepmailStepInput!) {
  stepmailStepUpdate(id: $id, input: $input) { step { ${STEP_FIELDS} } errors { field message code } }
}`;

export const STEP_PREVIEW = `mutation StepmailDashboardPreview($id: ID!, $draft: StepmailStepDraftInput) {
  stepmailStepPreview(id: $id, draft: $draft) {
    preview { subject html text sample } errors { field message code }
  }
}`;

export const STEP_SEND_TEST = `mutation StepmailDashboardSendTest($id: ID!, $to: String!) {
  stepmailStepSendTest(id: $id, to: $to) { preview { subject } errors { field message code } }
}`;

export const ENROLLMENTS = `query StepmailDashboardEnrollments($email: String!) {
  stepmailEnrollments(email: $email, first: 20) {
    totalCount
    edges { node {
      id state exitReason triggeredAt endedAt holdout nextSendAt
      scenario { name }
      deliveries {
        state reason sentAt dueAt
        step { position name delayDays }
        variant { name }
        events { type occurredAt revenue currency }
      }
    } }
  }
}`;

export const ENROLLMENT_EXIT = `mutation StepmailDashboardEnrollmentExit($id: ID!) {
  stepmailEnrollmentExit(id: $id) { enrollment { id state } errors { field message code } }
}`;

export const CHANNELS = `query StepmailDashboardChannels { stepmailChannels }`;

export const PRESETS = `query StepmailDashboardPresets($language: StepmailLanguage) {
  stepmailPresets { slug name(language: $language) trigger steps { name delayDays } }
}`;

const SETTINGS_FIELDS = "id name slug status trigger goals channels reentry holdoutPercent timezone language";

export const SCENARIO_SETTINGS = `query StepmailDashboardScenarioSettings($id: ID!) {
  stepmailScenario(id: $id) { ${SETTINGS_FIELDS} }
}`;

export const SCENARIO_CREATE = `mutation StepmailDashboardScenarioCreate($input: StepmailScenarioInput!) {
  stepmailScenarioCreate(input: $input) { scenario { id } errors { field message code } }
}`;

export const SCENARIO_CREATE_FROM_PRESET = `mutation StepmailDashboardFromPreset($input: StepmailScenarioCreateFromPresetInput!) {
  stepmailScenarioCreateFromPreset(input: $input) { scenario { id } errors { field message code } }
}`;

export const SCENARIO_UPDATE = `mutation StepmailDashboardScenarioUpdate($id: ID!, $input: StepmailScenarioInput!) {
  stepmailScenarioUpdate(id: $id, input: $input) { scenario { ${SETTINGS_FIELDS} } errors { field message code } }
}`;

export const SCENARIO_DELETE = `mutation StepmailDashboardScenarioDelete($id: ID!) {
  stepmailScenarioDelete(id: $id) { id errors { field message code } }
}`;

const STEP_EDIT_FIELDS = `id position name delayDays delayHours delayMinutes sendAt delayFact delayFactOffsetDays
  channel channelConfig action moveTo { id name } isActive conditions voucher
  subjectTemplate htmlTemplate textTemplate`;
const VARIANT_FIELDS = "id name weight subjectTemplate htmlTemplate textTemplate";

export const STEP_EDIT = `query StepmailDashboardStepEdit($id: ID!) {
  stepmailScenario(id: $id) {
    id name
    steps { ${STEP_EDIT_FIELDS} variants { ${VARIANT_FIELDS} } winningVariant { id } }
  }
}`;

export const VARIANT_CREATE = `mutation StepmailDashboardVariantCreate($step: ID!, $input: StepmailVariantInput!) {
  stepmailVariantCreate(step: $step, input: $input) { variant { ${VARIANT_FIELDS} } errors { field message code } }
}`;

export const VARIANT_UPDATE = `mutation StepmailDashboardVariantUpdate($id: ID!, $input: StepmailVariantInput!) {
  stepmailVariantUpdate(id: $id, input: $input) { variant { ${VARIANT_FIELDS} } errors { field message code } }
}`;

export const VARIANT_DELETE = `mutation StepmailDashboardVariantDelete($id: ID!) {
  stepmailVariantDelete(id: $id) { id errors { field message code } }
}`;

export const VARIANT_PROMOTE = `mutation StepmailDashboardVariantPromote($id: ID!) {
  stepmailVariantPromote(id: $id) { changed errors { field message code } }
}`;

const STEP_ROW_FIELDS = "id position name delayDays delayHours delayMinutes sendAt channel action isActive";

export const STEPS = `query StepmailDashboardSteps($id: ID!) {
  stepmailScenario(id: $id) { id name steps { ${STEP_ROW_FIELDS} } }
}`;

export const STEP_CREATE = `mutation StepmailDashboardStepCreate($scenario: ID!, $input: StepmailStepInput!) {
  stepmailStepCreate(scenario: $scenario, input: $input) { step { id } errors { field message code } }
}`;

export const STEP_REORDER = `mutation StepmailDashboardStepReorder($scenario: ID!, $steps: [ID!]!) {
  stepmailStepReorder(scenario: $scenario, steps: $steps) { scenario { id } errors { field message code } }
}`;

export const STEP_DELETE = `mutation StepmailDashboardStepDelete($id: ID!) {
  stepmailStepDelete(id: $id) { id errors { field message code } }
}`;

export const SIMULATE = `query StepmailDashboardSimulate($id: ID!, $since: DateTime!, $until: DateTime!) {
  stepmailSimulate(scenarioId: $id, since: $since, until: $until) {
    enrolledCount sentCount assumptions
    notEnrolled { reason count }
    enrollments { email orderId triggeredAt leftAt leftReason steps { position name channel at outcome reason } }
  }
}`;

export const BACKFILL_START = `mutation StepmailDashboardBackfill($scenario: ID!, $since: DateTime!) {
  stepmailBackfillStart(scenario: $scenario, since: $since) { job { id } errors { field message code } }
}`;

export const BACKFILL_JOB = `query StepmailDashboardBackfillJob($id: ID!) {
  stepmailBackfillJob(id: $id) { id state total processed enrolled error finishedAt }
}`;

export const CALL_TASKS = `query StepmailDashboardCallTasks($state: StepmailCallTaskState) {
  stepmailCallTasks(state: $state, first: 100) { totalCount edges { node { id phone note email scenarioSlug state createdAt doneAt doneBy } } }
}`;

export const CALL_TASKS_CSV = `query StepmailDashboardCallTasksCsv($state: StepmailCallTaskState) { stepmailCallTasksCsv(state: $state) }`;

export const CALL_TASK_COMPLETE = `mutation StepmailDashboardCallDone($id: ID!, $note: String) {
  stepmailCallTaskComplete(id: $id, note: $note) { callTask { id state } errors { field message code } }
}`;

export const DIRECT_MAIL_EXPORT = `mutation StepmailDashboardDirectMail($batch: String) {
  stepmailDirectMailExport(batch: $batch) { batch count csv errors { field message code } }
}`;
