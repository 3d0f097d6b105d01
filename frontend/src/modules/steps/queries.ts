import { graphql } from "../../gql";

export const StepsQuery = graphql(`
  query StepmailSteps($id: ID!) {
    stepmailScenario(id: $id) {
      id name
      steps { id position name delayDays delayHours delayMinutes sendAt channel action isActive }
    }
  }
`);

export const StepEditQuery = graphql(`
  query StepmailStepEdit($id: ID!, $language: StepmailLanguage) {
    stepmailScenario(id: $id) {
      id name timezone
      steps {
        id position name delayDays delayHours delayMinutes sendAt delayFact delayFactOffsetDays
        channel channelConfig hasChannelSecret action moveTo { id name } isActive conditions voucher
        subjectTemplate htmlTemplate textTemplate
        variants { id name weight subjectTemplate htmlTemplate textTemplate }
        winningVariant { id }
      }
    }
    stepmailFacts { name type source operators }
    stepmailScenarios(first: 100) { edges { node { id name } } }
    stepmailChannelKinds { kind label(language: $language) configSchema htmlBody canTestSend testSendRefusal }
  }
`);

export const StepCreate = graphql(`
  mutation StepmailStepCreate($scenario: ID!, $input: StepmailStepInput!) {
    stepmailStepCreate(scenario: $scenario, input: $input) { step { id } errors { field message code } }
  }
`);

export const StepUpdate = graphql(`
  mutation StepmailStepUpdate($id: ID!, $input: StepmailStepInput!) {
    stepmailStepUpdate(id: $id, input: $input) { step { id channelConfig hasChannelSecret } errors { field message code } }
  }
`);

export const StepReorder = graphql(`
  mutation StepmailStepReorder($scenario: ID!, $steps: [ID!]!) {
    stepmailStepReorder(scenario: $scenario, steps: $steps) { scenario { id } errors { field message code } }
  }
`);

export const StepDelete = graphql(`
  mutation StepmailStepDelete($id: ID!) {
    stepmailStepDelete(id: $id) { id errors { field message code } }
  }
`);

export const StepPreview = graphql(`
  mutation StepmailStepPreview($id: ID!, $draft: StepmailStepDraftInput) {
    stepmailStepPreview(id: $id, draft: $draft) { preview { subject html text sample } errors { field message code } }
  }
`);

export const StepSendTest = graphql(`
  mutation StepmailStepSendTest($id: ID!, $to: String!) {
    stepmailStepSendTest(id: $id, to: $to) { preview { subject } errors { field message code } }
  }
`);

export const VariantCreate = graphql(`
  mutation StepmailVariantCreate($step: ID!, $input: StepmailVariantInput!) {
    stepmailVariantCreate(step: $step, input: $input) { variant { id } errors { field message code } }
  }
`);

export const VariantUpdate = graphql(`
  mutation StepmailVariantUpdate($id: ID!, $input: StepmailVariantInput!) {
    stepmailVariantUpdate(id: $id, input: $input) { variant { id } errors { field message code } }
  }
`);

export const VariantDelete = graphql(`
  mutation StepmailVariantDelete($id: ID!) {
    stepmailVariantDelete(id: $id) { id errors { field message code } }
  }
`);

export const VariantPromote = graphql(`
  mutation StepmailVariantPromote($id: ID!) {
    stepmailVariantPromote(id: $id) { changed errors { field message code } }
  }
`);
