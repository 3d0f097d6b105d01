// The GraphQL documents the page sends to the plugin's API (saleor_stepmail/graphql/schema.graphql).

export const SCENARIOS = `query StepmailDashboardScenarios {
  stepmailScenarios(first: 100) { edges { node { id name slug status trigger } } }
}`;

// Active enrolments and this month's conversions of several scenarios, aliased per scenario.
export function scenarioFigures(count) {
  const variables = Array.from({ length: count }, (_, i) => `$s${i}: ID!`).join(", ");
  const fields = Array.from(
    { length: count },
    (_, i) => `a${i}: stepmailEnrollments(scenario: $s${i}, state: ACTIVE, first: 1) { totalCount }
  c${i}: stepmailStepStats(scenario: $s${i}, start: $start, end: $end) { converted }`,
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
    steps { id position name delayDays isActive channel subjectTemplate htmlTemplate textTemplate conditions }
  }
}`;

export const RESULTS = `query StepmailDashboardResults($id: ID!, $start: DateTime!, $end: DateTime!) {
  stepmailStepStats(scenario: $id, start: $start, end: $end) {
    step { id } position name sent delivered opened clicked converted revenue
    variants { name sent opened clicked converted conversionRate isWinner }
    comparisons { a b difference pValue significant }
  }
  stepmailHoldoutLift(scenario: $id, start: $start, end: $end) {
    treated { enrollments converted conversionRate revenue { currency amount } }
    holdout { enrollments converted conversionRate }
    lift liftLow liftHigh
  }
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
