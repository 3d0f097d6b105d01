import { graphql } from "../../gql";

export const ScenariosQuery = graphql(`
  query StepmailScenarios {
    stepmailScenarios(first: 100) { edges { node { id name slug status trigger } } }
  }
`);

// Active enrolments and this month's conversions of one scenario: the conversions are the
// scenario row of the rates (stepmailMailRates), as the engine counts them.
export const ScenarioFiguresQuery = graphql(`
  query StepmailScenarioFigures($id: ID!, $start: DateTime!, $end: DateTime!) {
    stepmailEnrollments(scenario: $id, state: ACTIVE, first: 1) { totalCount }
    stepmailMailRates(scenario: $id, start: $start, end: $end) { level figures { converted } }
  }
`);

// The answer names the other active scenarios of the trigger (sameTrigger), for the page to warn.
export const ScenarioActivate = graphql(`
  mutation StepmailScenarioActivate($id: ID!) {
    stepmailScenarioActivate(id: $id) { scenario { id name slug status trigger sameTrigger { id name slug } } errors { field message code } }
  }
`);

export const ScenarioPause = graphql(`
  mutation StepmailScenarioPause($id: ID!) {
    stepmailScenarioPause(id: $id) { scenario { id name slug status trigger } errors { field message code } }
  }
`);

export const ScenarioDelete = graphql(`
  mutation StepmailScenarioDelete($id: ID!) {
    stepmailScenarioDelete(id: $id) { id errors { field message code } }
  }
`);

export const ScenarioOptionsQuery = graphql(`
  query StepmailScenarioOptions {
    stepmailChannels
  }
`);

export const PresetsQuery = graphql(`
  query StepmailPresets($language: StepmailLanguage) {
    stepmailPresets { slug name(language: $language) trigger steps { name delayDays } }
  }
`);

export const ScenarioSettingsQuery = graphql(`
  query StepmailScenarioSettings($id: ID!) {
    stepmailScenario(id: $id) {
      id name slug status trigger goals channels reentry holdoutPercent timezone language
      dormantDays dormantDaysByCategory { category days } sameTrigger { id name slug }
    }
  }
`);

export const ScenarioCreate = graphql(`
  mutation StepmailScenarioCreate($input: StepmailScenarioInput!) {
    stepmailScenarioCreate(input: $input) { scenario { id } errors { field message code } }
  }
`);

export const ScenarioCreateFromPreset = graphql(`
  mutation StepmailScenarioCreateFromPreset($input: StepmailScenarioCreateFromPresetInput!) {
    stepmailScenarioCreateFromPreset(input: $input) { scenario { id } errors { field message code } }
  }
`);

export const ScenarioUpdate = graphql(`
  mutation StepmailScenarioUpdate($id: ID!, $input: StepmailScenarioInput!) {
    stepmailScenarioUpdate(id: $id, input: $input) {
      scenario {
        id name slug status trigger goals channels reentry holdoutPercent timezone language
        dormantDays dormantDaysByCategory { category days }
      }
      errors { field message code }
    }
  }
`);
