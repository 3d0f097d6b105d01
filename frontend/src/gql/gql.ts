/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query StepmailEnrollments($email: String!) {\n    stepmailEnrollments(email: $email, first: 20) {\n      totalCount\n      edges {\n        node {\n          id state exitReason triggeredAt endedAt holdout nextSendAt\n          scenario { name }\n          deliveries {\n            state reason sentAt dueAt\n            step { position name delayDays }\n            variant { name }\n            events { type occurredAt revenue currency }\n          }\n        }\n      }\n    }\n  }\n": typeof types.StepmailEnrollmentsDocument,
    "\n  mutation StepmailEnrollmentExit($id: ID!) {\n    stepmailEnrollmentExit(id: $id) { enrollment { id state } errors { field message code } }\n  }\n": typeof types.StepmailEnrollmentExitDocument,
    "\n  query StepmailCallTasks($state: StepmailCallTaskState) {\n    stepmailCallTasks(state: $state, first: 100) {\n      totalCount\n      edges { node { id phone note email scenarioSlug state createdAt doneAt doneBy } }\n    }\n  }\n": typeof types.StepmailCallTasksDocument,
    "\n  query StepmailCallTasksCsv($state: StepmailCallTaskState) { stepmailCallTasksCsv(state: $state) }\n": typeof types.StepmailCallTasksCsvDocument,
    "\n  mutation StepmailCallTaskComplete($id: ID!, $note: String) {\n    stepmailCallTaskComplete(id: $id, note: $note) { callTask { id state } errors { field message code } }\n  }\n": typeof types.StepmailCallTaskCompleteDocument,
    "\n  mutation StepmailDirectMailExport($batch: String) {\n    stepmailDirectMailExport(batch: $batch) { batch count csv errors { field message code } }\n  }\n": typeof types.StepmailDirectMailExportDocument,
    "\n  fragment RepeatWindow on StepmailRepeatWindow { days eligible returned rate }\n": typeof types.RepeatWindowFragmentDoc,
    "\n  query StepmailRepeatRate($start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRates(by: MONTH, start: $start, end: $end) { key firstBuyers windows { ...RepeatWindow } }\n    stepmailDaysToSecondOrder(start: $start, end: $end) { returned medianDays buckets { upToDays customers } }\n    stepmailRevenuePerCustomer(start: $start, end: $end) {\n      currency firstBuyers windows { days eligible revenue perCustomer }\n    }\n    stepmailProgramEffects(start: $start, end: $end) {\n      scenario { id name slug } days\n      enrolled { ...RepeatWindow } holdout { ...RepeatWindow }\n      liftPoints liftLowPoints liftHighPoints\n    }\n  }\n": typeof types.StepmailRepeatRateDocument,
    "\n  query StepmailRepeatRateBy($by: StepmailCohortDimension!, $start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRates(by: $by, start: $start, end: $end) { key firstBuyers windows { ...RepeatWindow } }\n  }\n": typeof types.StepmailRepeatRateByDocument,
    "\n  query StepmailRepeatRateCsv($table: StepmailRepeatRateTable!, $start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRateCsv(table: $table, start: $start, end: $end)\n  }\n": typeof types.StepmailRepeatRateCsvDocument,
    "\n  query StepmailScenarioSteps($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name slug status trigger timezone holdoutPercent\n      steps { id position name delayDays isActive }\n    }\n  }\n": typeof types.StepmailScenarioStepsDocument,
    "\n  query StepmailResults($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailStepStats(scenario: $id, start: $start, end: $end) {\n      step { id } position name\n      figures { ...Figures }\n      variants { name isWinner figures { ...Figures } }\n      comparisons { a b difference pValue significant }\n    }\n    stepmailHoldoutLift(scenario: $id, start: $start, end: $end) {\n      treated { enrollments converted conversionRate }\n      holdout { enrollments converted conversionRate }\n      lift liftLow liftHigh\n    }\n  }\n": typeof types.StepmailResultsDocument,
    "\n  fragment Figures on StepmailMailFigures {\n    sent delivered bounced opened clicked converted unsubscribed complained\n    deliveryRate openRate clickThroughRate clickToOpenRate conversionRate\n    revenue { currency amount } revenuePerMail { currency amount }\n  }\n": typeof types.FiguresFragmentDoc,
    "\n  query StepmailAnalysis($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailSendTimeStats(scenario: $id, start: $start, end: $end) { weekday hour figures { ...Figures } }\n    stepmailFrequencyStats(scenario: $id, start: $start, end: $end) { earlierMails orMore figures { ...Figures } }\n    stepmailMailRates(scenario: $id, start: $start, end: $end) {\n      level step { position name } variant { name } figures { ...Figures }\n    }\n    stepmailLinkStats(scenario: $id, start: $start, end: $end) {\n      step { position name } variant { name } url clicks customers share conversions\n    }\n  }\n": typeof types.StepmailAnalysisDocument,
    "\n  query StepmailReportCsv($table: StepmailReportTable!, $id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailReportCsv(table: $table, scenario: $id, start: $start, end: $end)\n  }\n": typeof types.StepmailReportCsvDocument,
    "\n  query StepmailScenarios {\n    stepmailScenarios(first: 100) { edges { node { id name slug status trigger } } }\n  }\n": typeof types.StepmailScenariosDocument,
    "\n  query StepmailScenarioFigures($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailEnrollments(scenario: $id, state: ACTIVE, first: 1) { totalCount }\n    stepmailMailRates(scenario: $id, start: $start, end: $end) { level figures { converted } }\n  }\n": typeof types.StepmailScenarioFiguresDocument,
    "\n  mutation StepmailScenarioActivate($id: ID!) {\n    stepmailScenarioActivate(id: $id) { scenario { id name slug status trigger sameTrigger { id name slug } } errors { field message code } }\n  }\n": typeof types.StepmailScenarioActivateDocument,
    "\n  mutation StepmailScenarioPause($id: ID!) {\n    stepmailScenarioPause(id: $id) { scenario { id name slug status trigger } errors { field message code } }\n  }\n": typeof types.StepmailScenarioPauseDocument,
    "\n  mutation StepmailScenarioDelete($id: ID!) {\n    stepmailScenarioDelete(id: $id) { id errors { field message code } }\n  }\n": typeof types.StepmailScenarioDeleteDocument,
    "\n  query StepmailScenarioOptions {\n    stepmailChannels\n  }\n": typeof types.StepmailScenarioOptionsDocument,
    "\n  query StepmailPresets($language: StepmailLanguage) {\n    stepmailPresets { slug name(language: $language) trigger steps { name delayDays } }\n  }\n": typeof types.StepmailPresetsDocument,
    "\n  query StepmailScenarioSettings($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name slug status trigger goals channels reentry holdoutPercent timezone language\n      dormantDays dormantDaysByCategory { category days } sameTrigger { id name slug }\n    }\n  }\n": typeof types.StepmailScenarioSettingsDocument,
    "\n  mutation StepmailScenarioCreate($input: StepmailScenarioInput!) {\n    stepmailScenarioCreate(input: $input) { scenario { id } errors { field message code } }\n  }\n": typeof types.StepmailScenarioCreateDocument,
    "\n  mutation StepmailScenarioCreateFromPreset($input: StepmailScenarioCreateFromPresetInput!) {\n    stepmailScenarioCreateFromPreset(input: $input) { scenario { id } errors { field message code } }\n  }\n": typeof types.StepmailScenarioCreateFromPresetDocument,
    "\n  mutation StepmailScenarioUpdate($id: ID!, $input: StepmailScenarioInput!) {\n    stepmailScenarioUpdate(id: $id, input: $input) {\n      scenario {\n        id name slug status trigger goals channels reentry holdoutPercent timezone language\n        dormantDays dormantDaysByCategory { category days }\n      }\n      errors { field message code }\n    }\n  }\n": typeof types.StepmailScenarioUpdateDocument,
    "\n  query StepmailSteps($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name\n      steps { id position name delayDays delayHours delayMinutes sendAt channel action isActive }\n    }\n  }\n": typeof types.StepmailStepsDocument,
    "\n  query StepmailStepEdit($id: ID!, $language: StepmailLanguage) {\n    stepmailScenario(id: $id) {\n      id name timezone\n      steps {\n        id position name delayDays delayHours delayMinutes sendAt delayFact delayFactOffsetDays\n        channel channelConfig hasChannelSecret action moveTo { id name } isActive conditions voucher\n        subjectTemplate htmlTemplate textTemplate\n        variants { id name weight subjectTemplate htmlTemplate textTemplate }\n        winningVariant { id }\n      }\n    }\n    stepmailFacts { name type source operators }\n    stepmailScenarios(first: 100) { edges { node { id name } } }\n    stepmailChannelKinds { kind label(language: $language) configSchema htmlBody canTestSend testSendRefusal }\n  }\n": typeof types.StepmailStepEditDocument,
    "\n  mutation StepmailStepCreate($scenario: ID!, $input: StepmailStepInput!) {\n    stepmailStepCreate(scenario: $scenario, input: $input) { step { id } errors { field message code } }\n  }\n": typeof types.StepmailStepCreateDocument,
    "\n  mutation StepmailStepUpdate($id: ID!, $input: StepmailStepInput!) {\n    stepmailStepUpdate(id: $id, input: $input) { step { id channelConfig hasChannelSecret } errors { field message code } }\n  }\n": typeof types.StepmailStepUpdateDocument,
    "\n  mutation StepmailStepReorder($scenario: ID!, $steps: [ID!]!) {\n    stepmailStepReorder(scenario: $scenario, steps: $steps) { scenario { id } errors { field message code } }\n  }\n": typeof types.StepmailStepReorderDocument,
    "\n  mutation StepmailStepDelete($id: ID!) {\n    stepmailStepDelete(id: $id) { id errors { field message code } }\n  }\n": typeof types.StepmailStepDeleteDocument,
    "\n  mutation StepmailStepPreview($id: ID!, $draft: StepmailStepDraftInput) {\n    stepmailStepPreview(id: $id, draft: $draft) { preview { subject html text sample } errors { field message code } }\n  }\n": typeof types.StepmailStepPreviewDocument,
    "\n  mutation StepmailStepSendTest($id: ID!, $to: String!) {\n    stepmailStepSendTest(id: $id, to: $to) { preview { subject } errors { field message code } }\n  }\n": typeof types.StepmailStepSendTestDocument,
    "\n  mutation StepmailVariantCreate($step: ID!, $input: StepmailVariantInput!) {\n    stepmailVariantCreate(step: $step, input: $input) { variant { id } errors { field message code } }\n  }\n": typeof types.StepmailVariantCreateDocument,
    "\n  mutation StepmailVariantUpdate($id: ID!, $input: StepmailVariantInput!) {\n    stepmailVariantUpdate(id: $id, input: $input) { variant { id } errors { field message code } }\n  }\n": typeof types.StepmailVariantUpdateDocument,
    "\n  mutation StepmailVariantDelete($id: ID!) {\n    stepmailVariantDelete(id: $id) { id errors { field message code } }\n  }\n": typeof types.StepmailVariantDeleteDocument,
    "\n  mutation StepmailVariantPromote($id: ID!) {\n    stepmailVariantPromote(id: $id) { changed errors { field message code } }\n  }\n": typeof types.StepmailVariantPromoteDocument,
    "\n  query StepmailScenarioZone($id: ID!) { stepmailScenario(id: $id) { id name timezone } }\n": typeof types.StepmailScenarioZoneDocument,
    "\n  query StepmailSimulate($id: ID!, $since: DateTime!, $until: DateTime!) {\n    stepmailSimulate(scenarioId: $id, since: $since, until: $until) {\n      enrolledCount sentCount assumptions\n      notEnrolled { reason count }\n      enrollments { email orderId triggeredAt leftAt leftReason steps { position name channel at outcome reason } }\n    }\n  }\n": typeof types.StepmailSimulateDocument,
    "\n  mutation StepmailBackfillStart($scenario: ID!, $since: DateTime!) {\n    stepmailBackfillStart(scenario: $scenario, since: $since) { job { id } errors { field message code } }\n  }\n": typeof types.StepmailBackfillStartDocument,
    "\n  query StepmailBackfillJob($id: ID!) {\n    stepmailBackfillJob(id: $id) { id state total processed enrolled error finishedAt }\n  }\n": typeof types.StepmailBackfillJobDocument,
};
const documents: Documents = {
    "\n  query StepmailEnrollments($email: String!) {\n    stepmailEnrollments(email: $email, first: 20) {\n      totalCount\n      edges {\n        node {\n          id state exitReason triggeredAt endedAt holdout nextSendAt\n          scenario { name }\n          deliveries {\n            state reason sentAt dueAt\n            step { position name delayDays }\n            variant { name }\n            events { type occurredAt revenue currency }\n          }\n        }\n      }\n    }\n  }\n": types.StepmailEnrollmentsDocument,
    "\n  mutation StepmailEnrollmentExit($id: ID!) {\n    stepmailEnrollmentExit(id: $id) { enrollment { id state } errors { field message code } }\n  }\n": types.StepmailEnrollmentExitDocument,
    "\n  query StepmailCallTasks($state: StepmailCallTaskState) {\n    stepmailCallTasks(state: $state, first: 100) {\n      totalCount\n      edges { node { id phone note email scenarioSlug state createdAt doneAt doneBy } }\n    }\n  }\n": types.StepmailCallTasksDocument,
    "\n  query StepmailCallTasksCsv($state: StepmailCallTaskState) { stepmailCallTasksCsv(state: $state) }\n": types.StepmailCallTasksCsvDocument,
    "\n  mutation StepmailCallTaskComplete($id: ID!, $note: String) {\n    stepmailCallTaskComplete(id: $id, note: $note) { callTask { id state } errors { field message code } }\n  }\n": types.StepmailCallTaskCompleteDocument,
    "\n  mutation StepmailDirectMailExport($batch: String) {\n    stepmailDirectMailExport(batch: $batch) { batch count csv errors { field message code } }\n  }\n": types.StepmailDirectMailExportDocument,
    "\n  fragment RepeatWindow on StepmailRepeatWindow { days eligible returned rate }\n": types.RepeatWindowFragmentDoc,
    "\n  query StepmailRepeatRate($start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRates(by: MONTH, start: $start, end: $end) { key firstBuyers windows { ...RepeatWindow } }\n    stepmailDaysToSecondOrder(start: $start, end: $end) { returned medianDays buckets { upToDays customers } }\n    stepmailRevenuePerCustomer(start: $start, end: $end) {\n      currency firstBuyers windows { days eligible revenue perCustomer }\n    }\n    stepmailProgramEffects(start: $start, end: $end) {\n      scenario { id name slug } days\n      enrolled { ...RepeatWindow } holdout { ...RepeatWindow }\n      liftPoints liftLowPoints liftHighPoints\n    }\n  }\n": types.StepmailRepeatRateDocument,
    "\n  query StepmailRepeatRateBy($by: StepmailCohortDimension!, $start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRates(by: $by, start: $start, end: $end) { key firstBuyers windows { ...RepeatWindow } }\n  }\n": types.StepmailRepeatRateByDocument,
    "\n  query StepmailRepeatRateCsv($table: StepmailRepeatRateTable!, $start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRateCsv(table: $table, start: $start, end: $end)\n  }\n": types.StepmailRepeatRateCsvDocument,
    "\n  query StepmailScenarioSteps($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name slug status trigger timezone holdoutPercent\n      steps { id position name delayDays isActive }\n    }\n  }\n": types.StepmailScenarioStepsDocument,
    "\n  query StepmailResults($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailStepStats(scenario: $id, start: $start, end: $end) {\n      step { id } position name\n      figures { ...Figures }\n      variants { name isWinner figures { ...Figures } }\n      comparisons { a b difference pValue significant }\n    }\n    stepmailHoldoutLift(scenario: $id, start: $start, end: $end) {\n      treated { enrollments converted conversionRate }\n      holdout { enrollments converted conversionRate }\n      lift liftLow liftHigh\n    }\n  }\n": types.StepmailResultsDocument,
    "\n  fragment Figures on StepmailMailFigures {\n    sent delivered bounced opened clicked converted unsubscribed complained\n    deliveryRate openRate clickThroughRate clickToOpenRate conversionRate\n    revenue { currency amount } revenuePerMail { currency amount }\n  }\n": types.FiguresFragmentDoc,
    "\n  query StepmailAnalysis($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailSendTimeStats(scenario: $id, start: $start, end: $end) { weekday hour figures { ...Figures } }\n    stepmailFrequencyStats(scenario: $id, start: $start, end: $end) { earlierMails orMore figures { ...Figures } }\n    stepmailMailRates(scenario: $id, start: $start, end: $end) {\n      level step { position name } variant { name } figures { ...Figures }\n    }\n    stepmailLinkStats(scenario: $id, start: $start, end: $end) {\n      step { position name } variant { name } url clicks customers share conversions\n    }\n  }\n": types.StepmailAnalysisDocument,
    "\n  query StepmailReportCsv($table: StepmailReportTable!, $id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailReportCsv(table: $table, scenario: $id, start: $start, end: $end)\n  }\n": types.StepmailReportCsvDocument,
    "\n  query StepmailScenarios {\n    stepmailScenarios(first: 100) { edges { node { id name slug status trigger } } }\n  }\n": types.StepmailScenariosDocument,
    "\n  query StepmailScenarioFigures($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailEnrollments(scenario: $id, state: ACTIVE, first: 1) { totalCount }\n    stepmailMailRates(scenario: $id, start: $start, end: $end) { level figures { converted } }\n  }\n": types.StepmailScenarioFiguresDocument,
    "\n  mutation StepmailScenarioActivate($id: ID!) {\n    stepmailScenarioActivate(id: $id) { scenario { id name slug status trigger sameTrigger { id name slug } } errors { field message code } }\n  }\n": types.StepmailScenarioActivateDocument,
    "\n  mutation StepmailScenarioPause($id: ID!) {\n    stepmailScenarioPause(id: $id) { scenario { id name slug status trigger } errors { field message code } }\n  }\n": types.StepmailScenarioPauseDocument,
    "\n  mutation StepmailScenarioDelete($id: ID!) {\n    stepmailScenarioDelete(id: $id) { id errors { field message code } }\n  }\n": types.StepmailScenarioDeleteDocument,
    "\n  query StepmailScenarioOptions {\n    stepmailChannels\n  }\n": types.StepmailScenarioOptionsDocument,
    "\n  query StepmailPresets($language: StepmailLanguage) {\n    stepmailPresets { slug name(language: $language) trigger steps { name delayDays } }\n  }\n": types.StepmailPresetsDocument,
    "\n  query StepmailScenarioSettings($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name slug status trigger goals channels reentry holdoutPercent timezone language\n      dormantDays dormantDaysByCategory { category days } sameTrigger { id name slug }\n    }\n  }\n": types.StepmailScenarioSettingsDocument,
    "\n  mutation StepmailScenarioCreate($input: StepmailScenarioInput!) {\n    stepmailScenarioCreate(input: $input) { scenario { id } errors { field message code } }\n  }\n": types.StepmailScenarioCreateDocument,
    "\n  mutation StepmailScenarioCreateFromPreset($input: StepmailScenarioCreateFromPresetInput!) {\n    stepmailScenarioCreateFromPreset(input: $input) { scenario { id } errors { field message code } }\n  }\n": types.StepmailScenarioCreateFromPresetDocument,
    "\n  mutation StepmailScenarioUpdate($id: ID!, $input: StepmailScenarioInput!) {\n    stepmailScenarioUpdate(id: $id, input: $input) {\n      scenario {\n        id name slug status trigger goals channels reentry holdoutPercent timezone language\n        dormantDays dormantDaysByCategory { category days }\n      }\n      errors { field message code }\n    }\n  }\n": types.StepmailScenarioUpdateDocument,
    "\n  query StepmailSteps($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name\n      steps { id position name delayDays delayHours delayMinutes sendAt channel action isActive }\n    }\n  }\n": types.StepmailStepsDocument,
    "\n  query StepmailStepEdit($id: ID!, $language: StepmailLanguage) {\n    stepmailScenario(id: $id) {\n      id name timezone\n      steps {\n        id position name delayDays delayHours delayMinutes sendAt delayFact delayFactOffsetDays\n        channel channelConfig hasChannelSecret action moveTo { id name } isActive conditions voucher\n        subjectTemplate htmlTemplate textTemplate\n        variants { id name weight subjectTemplate htmlTemplate textTemplate }\n        winningVariant { id }\n      }\n    }\n    stepmailFacts { name type source operators }\n    stepmailScenarios(first: 100) { edges { node { id name } } }\n    stepmailChannelKinds { kind label(language: $language) configSchema htmlBody canTestSend testSendRefusal }\n  }\n": types.StepmailStepEditDocument,
    "\n  mutation StepmailStepCreate($scenario: ID!, $input: StepmailStepInput!) {\n    stepmailStepCreate(scenario: $scenario, input: $input) { step { id } errors { field message code } }\n  }\n": types.StepmailStepCreateDocument,
    "\n  mutation StepmailStepUpdate($id: ID!, $input: StepmailStepInput!) {\n    stepmailStepUpdate(id: $id, input: $input) { step { id channelConfig hasChannelSecret } errors { field message code } }\n  }\n": types.StepmailStepUpdateDocument,
    "\n  mutation StepmailStepReorder($scenario: ID!, $steps: [ID!]!) {\n    stepmailStepReorder(scenario: $scenario, steps: $steps) { scenario { id } errors { field message code } }\n  }\n": types.StepmailStepReorderDocument,
    "\n  mutation StepmailStepDelete($id: ID!) {\n    stepmailStepDelete(id: $id) { id errors { field message code } }\n  }\n": types.StepmailStepDeleteDocument,
    "\n  mutation StepmailStepPreview($id: ID!, $draft: StepmailStepDraftInput) {\n    stepmailStepPreview(id: $id, draft: $draft) { preview { subject html text sample } errors { field message code } }\n  }\n": types.StepmailStepPreviewDocument,
    "\n  mutation StepmailStepSendTest($id: ID!, $to: String!) {\n    stepmailStepSendTest(id: $id, to: $to) { preview { subject } errors { field message code } }\n  }\n": types.StepmailStepSendTestDocument,
    "\n  mutation StepmailVariantCreate($step: ID!, $input: StepmailVariantInput!) {\n    stepmailVariantCreate(step: $step, input: $input) { variant { id } errors { field message code } }\n  }\n": types.StepmailVariantCreateDocument,
    "\n  mutation StepmailVariantUpdate($id: ID!, $input: StepmailVariantInput!) {\n    stepmailVariantUpdate(id: $id, input: $input) { variant { id } errors { field message code } }\n  }\n": types.StepmailVariantUpdateDocument,
    "\n  mutation StepmailVariantDelete($id: ID!) {\n    stepmailVariantDelete(id: $id) { id errors { field message code } }\n  }\n": types.StepmailVariantDeleteDocument,
    "\n  mutation StepmailVariantPromote($id: ID!) {\n    stepmailVariantPromote(id: $id) { changed errors { field message code } }\n  }\n": types.StepmailVariantPromoteDocument,
    "\n  query StepmailScenarioZone($id: ID!) { stepmailScenario(id: $id) { id name timezone } }\n": types.StepmailScenarioZoneDocument,
    "\n  query StepmailSimulate($id: ID!, $since: DateTime!, $until: DateTime!) {\n    stepmailSimulate(scenarioId: $id, since: $since, until: $until) {\n      enrolledCount sentCount assumptions\n      notEnrolled { reason count }\n      enrollments { email orderId triggeredAt leftAt leftReason steps { position name channel at outcome reason } }\n    }\n  }\n": types.StepmailSimulateDocument,
    "\n  mutation StepmailBackfillStart($scenario: ID!, $since: DateTime!) {\n    stepmailBackfillStart(scenario: $scenario, since: $since) { job { id } errors { field message code } }\n  }\n": types.StepmailBackfillStartDocument,
    "\n  query StepmailBackfillJob($id: ID!) {\n    stepmailBackfillJob(id: $id) { id state total processed enrolled error finishedAt }\n  }\n": types.StepmailBackfillJobDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailEnrollments($email: String!) {\n    stepmailEnrollments(email: $email, first: 20) {\n      totalCount\n      edges {\n        node {\n          id state exitReason triggeredAt endedAt holdout nextSendAt\n          scenario { name }\n          deliveries {\n            state reason sentAt dueAt\n            step { position name delayDays }\n            variant { name }\n            events { type occurredAt revenue currency }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StepmailEnrollments($email: String!) {\n    stepmailEnrollments(email: $email, first: 20) {\n      totalCount\n      edges {\n        node {\n          id state exitReason triggeredAt endedAt holdout nextSendAt\n          scenario { name }\n          deliveries {\n            state reason sentAt dueAt\n            step { position name delayDays }\n            variant { name }\n            events { type occurredAt revenue currency }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailEnrollmentExit($id: ID!) {\n    stepmailEnrollmentExit(id: $id) { enrollment { id state } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailEnrollmentExit($id: ID!) {\n    stepmailEnrollmentExit(id: $id) { enrollment { id state } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailCallTasks($state: StepmailCallTaskState) {\n    stepmailCallTasks(state: $state, first: 100) {\n      totalCount\n      edges { node { id phone note email scenarioSlug state createdAt doneAt doneBy } }\n    }\n  }\n"): (typeof documents)["\n  query StepmailCallTasks($state: StepmailCallTaskState) {\n    stepmailCallTasks(state: $state, first: 100) {\n      totalCount\n      edges { node { id phone note email scenarioSlug state createdAt doneAt doneBy } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailCallTasksCsv($state: StepmailCallTaskState) { stepmailCallTasksCsv(state: $state) }\n"): (typeof documents)["\n  query StepmailCallTasksCsv($state: StepmailCallTaskState) { stepmailCallTasksCsv(state: $state) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailCallTaskComplete($id: ID!, $note: String) {\n    stepmailCallTaskComplete(id: $id, note: $note) { callTask { id state } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailCallTaskComplete($id: ID!, $note: String) {\n    stepmailCallTaskComplete(id: $id, note: $note) { callTask { id state } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailDirectMailExport($batch: String) {\n    stepmailDirectMailExport(batch: $batch) { batch count csv errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailDirectMailExport($batch: String) {\n    stepmailDirectMailExport(batch: $batch) { batch count csv errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RepeatWindow on StepmailRepeatWindow { days eligible returned rate }\n"): (typeof documents)["\n  fragment RepeatWindow on StepmailRepeatWindow { days eligible returned rate }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailRepeatRate($start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRates(by: MONTH, start: $start, end: $end) { key firstBuyers windows { ...RepeatWindow } }\n    stepmailDaysToSecondOrder(start: $start, end: $end) { returned medianDays buckets { upToDays customers } }\n    stepmailRevenuePerCustomer(start: $start, end: $end) {\n      currency firstBuyers windows { days eligible revenue perCustomer }\n    }\n    stepmailProgramEffects(start: $start, end: $end) {\n      scenario { id name slug } days\n      enrolled { ...RepeatWindow } holdout { ...RepeatWindow }\n      liftPoints liftLowPoints liftHighPoints\n    }\n  }\n"): (typeof documents)["\n  query StepmailRepeatRate($start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRates(by: MONTH, start: $start, end: $end) { key firstBuyers windows { ...RepeatWindow } }\n    stepmailDaysToSecondOrder(start: $start, end: $end) { returned medianDays buckets { upToDays customers } }\n    stepmailRevenuePerCustomer(start: $start, end: $end) {\n      currency firstBuyers windows { days eligible revenue perCustomer }\n    }\n    stepmailProgramEffects(start: $start, end: $end) {\n      scenario { id name slug } days\n      enrolled { ...RepeatWindow } holdout { ...RepeatWindow }\n      liftPoints liftLowPoints liftHighPoints\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailRepeatRateBy($by: StepmailCohortDimension!, $start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRates(by: $by, start: $start, end: $end) { key firstBuyers windows { ...RepeatWindow } }\n  }\n"): (typeof documents)["\n  query StepmailRepeatRateBy($by: StepmailCohortDimension!, $start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRates(by: $by, start: $start, end: $end) { key firstBuyers windows { ...RepeatWindow } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailRepeatRateCsv($table: StepmailRepeatRateTable!, $start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRateCsv(table: $table, start: $start, end: $end)\n  }\n"): (typeof documents)["\n  query StepmailRepeatRateCsv($table: StepmailRepeatRateTable!, $start: DateTime!, $end: DateTime!) {\n    stepmailRepeatRateCsv(table: $table, start: $start, end: $end)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailScenarioSteps($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name slug status trigger timezone holdoutPercent\n      steps { id position name delayDays isActive }\n    }\n  }\n"): (typeof documents)["\n  query StepmailScenarioSteps($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name slug status trigger timezone holdoutPercent\n      steps { id position name delayDays isActive }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailResults($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailStepStats(scenario: $id, start: $start, end: $end) {\n      step { id } position name\n      figures { ...Figures }\n      variants { name isWinner figures { ...Figures } }\n      comparisons { a b difference pValue significant }\n    }\n    stepmailHoldoutLift(scenario: $id, start: $start, end: $end) {\n      treated { enrollments converted conversionRate }\n      holdout { enrollments converted conversionRate }\n      lift liftLow liftHigh\n    }\n  }\n"): (typeof documents)["\n  query StepmailResults($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailStepStats(scenario: $id, start: $start, end: $end) {\n      step { id } position name\n      figures { ...Figures }\n      variants { name isWinner figures { ...Figures } }\n      comparisons { a b difference pValue significant }\n    }\n    stepmailHoldoutLift(scenario: $id, start: $start, end: $end) {\n      treated { enrollments converted conversionRate }\n      holdout { enrollments converted conversionRate }\n      lift liftLow liftHigh\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Figures on StepmailMailFigures {\n    sent delivered bounced opened clicked converted unsubscribed complained\n    deliveryRate openRate clickThroughRate clickToOpenRate conversionRate\n    revenue { currency amount } revenuePerMail { currency amount }\n  }\n"): (typeof documents)["\n  fragment Figures on StepmailMailFigures {\n    sent delivered bounced opened clicked converted unsubscribed complained\n    deliveryRate openRate clickThroughRate clickToOpenRate conversionRate\n    revenue { currency amount } revenuePerMail { currency amount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailAnalysis($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailSendTimeStats(scenario: $id, start: $start, end: $end) { weekday hour figures { ...Figures } }\n    stepmailFrequencyStats(scenario: $id, start: $start, end: $end) { earlierMails orMore figures { ...Figures } }\n    stepmailMailRates(scenario: $id, start: $start, end: $end) {\n      level step { position name } variant { name } figures { ...Figures }\n    }\n    stepmailLinkStats(scenario: $id, start: $start, end: $end) {\n      step { position name } variant { name } url clicks customers share conversions\n    }\n  }\n"): (typeof documents)["\n  query StepmailAnalysis($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailSendTimeStats(scenario: $id, start: $start, end: $end) { weekday hour figures { ...Figures } }\n    stepmailFrequencyStats(scenario: $id, start: $start, end: $end) { earlierMails orMore figures { ...Figures } }\n    stepmailMailRates(scenario: $id, start: $start, end: $end) {\n      level step { position name } variant { name } figures { ...Figures }\n    }\n    stepmailLinkStats(scenario: $id, start: $start, end: $end) {\n      step { position name } variant { name } url clicks customers share conversions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailReportCsv($table: StepmailReportTable!, $id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailReportCsv(table: $table, scenario: $id, start: $start, end: $end)\n  }\n"): (typeof documents)["\n  query StepmailReportCsv($table: StepmailReportTable!, $id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailReportCsv(table: $table, scenario: $id, start: $start, end: $end)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailScenarios {\n    stepmailScenarios(first: 100) { edges { node { id name slug status trigger } } }\n  }\n"): (typeof documents)["\n  query StepmailScenarios {\n    stepmailScenarios(first: 100) { edges { node { id name slug status trigger } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailScenarioFigures($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailEnrollments(scenario: $id, state: ACTIVE, first: 1) { totalCount }\n    stepmailMailRates(scenario: $id, start: $start, end: $end) { level figures { converted } }\n  }\n"): (typeof documents)["\n  query StepmailScenarioFigures($id: ID!, $start: DateTime!, $end: DateTime!) {\n    stepmailEnrollments(scenario: $id, state: ACTIVE, first: 1) { totalCount }\n    stepmailMailRates(scenario: $id, start: $start, end: $end) { level figures { converted } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailScenarioActivate($id: ID!) {\n    stepmailScenarioActivate(id: $id) { scenario { id name slug status trigger sameTrigger { id name slug } } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailScenarioActivate($id: ID!) {\n    stepmailScenarioActivate(id: $id) { scenario { id name slug status trigger sameTrigger { id name slug } } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailScenarioPause($id: ID!) {\n    stepmailScenarioPause(id: $id) { scenario { id name slug status trigger } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailScenarioPause($id: ID!) {\n    stepmailScenarioPause(id: $id) { scenario { id name slug status trigger } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailScenarioDelete($id: ID!) {\n    stepmailScenarioDelete(id: $id) { id errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailScenarioDelete($id: ID!) {\n    stepmailScenarioDelete(id: $id) { id errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailScenarioOptions {\n    stepmailChannels\n  }\n"): (typeof documents)["\n  query StepmailScenarioOptions {\n    stepmailChannels\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailPresets($language: StepmailLanguage) {\n    stepmailPresets { slug name(language: $language) trigger steps { name delayDays } }\n  }\n"): (typeof documents)["\n  query StepmailPresets($language: StepmailLanguage) {\n    stepmailPresets { slug name(language: $language) trigger steps { name delayDays } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailScenarioSettings($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name slug status trigger goals channels reentry holdoutPercent timezone language\n      dormantDays dormantDaysByCategory { category days } sameTrigger { id name slug }\n    }\n  }\n"): (typeof documents)["\n  query StepmailScenarioSettings($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name slug status trigger goals channels reentry holdoutPercent timezone language\n      dormantDays dormantDaysByCategory { category days } sameTrigger { id name slug }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailScenarioCreate($input: StepmailScenarioInput!) {\n    stepmailScenarioCreate(input: $input) { scenario { id } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailScenarioCreate($input: StepmailScenarioInput!) {\n    stepmailScenarioCreate(input: $input) { scenario { id } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailScenarioCreateFromPreset($input: StepmailScenarioCreateFromPresetInput!) {\n    stepmailScenarioCreateFromPreset(input: $input) { scenario { id } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailScenarioCreateFromPreset($input: StepmailScenarioCreateFromPresetInput!) {\n    stepmailScenarioCreateFromPreset(input: $input) { scenario { id } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailScenarioUpdate($id: ID!, $input: StepmailScenarioInput!) {\n    stepmailScenarioUpdate(id: $id, input: $input) {\n      scenario {\n        id name slug status trigger goals channels reentry holdoutPercent timezone language\n        dormantDays dormantDaysByCategory { category days }\n      }\n      errors { field message code }\n    }\n  }\n"): (typeof documents)["\n  mutation StepmailScenarioUpdate($id: ID!, $input: StepmailScenarioInput!) {\n    stepmailScenarioUpdate(id: $id, input: $input) {\n      scenario {\n        id name slug status trigger goals channels reentry holdoutPercent timezone language\n        dormantDays dormantDaysByCategory { category days }\n      }\n      errors { field message code }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailSteps($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name\n      steps { id position name delayDays delayHours delayMinutes sendAt channel action isActive }\n    }\n  }\n"): (typeof documents)["\n  query StepmailSteps($id: ID!) {\n    stepmailScenario(id: $id) {\n      id name\n      steps { id position name delayDays delayHours delayMinutes sendAt channel action isActive }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailStepEdit($id: ID!, $language: StepmailLanguage) {\n    stepmailScenario(id: $id) {\n      id name timezone\n      steps {\n        id position name delayDays delayHours delayMinutes sendAt delayFact delayFactOffsetDays\n        channel channelConfig hasChannelSecret action moveTo { id name } isActive conditions voucher\n        subjectTemplate htmlTemplate textTemplate\n        variants { id name weight subjectTemplate htmlTemplate textTemplate }\n        winningVariant { id }\n      }\n    }\n    stepmailFacts { name type source operators }\n    stepmailScenarios(first: 100) { edges { node { id name } } }\n    stepmailChannelKinds { kind label(language: $language) configSchema htmlBody canTestSend testSendRefusal }\n  }\n"): (typeof documents)["\n  query StepmailStepEdit($id: ID!, $language: StepmailLanguage) {\n    stepmailScenario(id: $id) {\n      id name timezone\n      steps {\n        id position name delayDays delayHours delayMinutes sendAt delayFact delayFactOffsetDays\n        channel channelConfig hasChannelSecret action moveTo { id name } isActive conditions voucher\n        subjectTemplate htmlTemplate textTemplate\n        variants { id name weight subjectTemplate htmlTemplate textTemplate }\n        winningVariant { id }\n      }\n    }\n    stepmailFacts { name type source operators }\n    stepmailScenarios(first: 100) { edges { node { id name } } }\n    stepmailChannelKinds { kind label(language: $language) configSchema htmlBody canTestSend testSendRefusal }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailStepCreate($scenario: ID!, $input: StepmailStepInput!) {\n    stepmailStepCreate(scenario: $scenario, input: $input) { step { id } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailStepCreate($scenario: ID!, $input: StepmailStepInput!) {\n    stepmailStepCreate(scenario: $scenario, input: $input) { step { id } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailStepUpdate($id: ID!, $input: StepmailStepInput!) {\n    stepmailStepUpdate(id: $id, input: $input) { step { id channelConfig hasChannelSecret } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailStepUpdate($id: ID!, $input: StepmailStepInput!) {\n    stepmailStepUpdate(id: $id, input: $input) { step { id channelConfig hasChannelSecret } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailStepReorder($scenario: ID!, $steps: [ID!]!) {\n    stepmailStepReorder(scenario: $scenario, steps: $steps) { scenario { id } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailStepReorder($scenario: ID!, $steps: [ID!]!) {\n    stepmailStepReorder(scenario: $scenario, steps: $steps) { scenario { id } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailStepDelete($id: ID!) {\n    stepmailStepDelete(id: $id) { id errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailStepDelete($id: ID!) {\n    stepmailStepDelete(id: $id) { id errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailStepPreview($id: ID!, $draft: StepmailStepDraftInput) {\n    stepmailStepPreview(id: $id, draft: $draft) { preview { subject html text sample } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailStepPreview($id: ID!, $draft: StepmailStepDraftInput) {\n    stepmailStepPreview(id: $id, draft: $draft) { preview { subject html text sample } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailStepSendTest($id: ID!, $to: String!) {\n    stepmailStepSendTest(id: $id, to: $to) { preview { subject } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailStepSendTest($id: ID!, $to: String!) {\n    stepmailStepSendTest(id: $id, to: $to) { preview { subject } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailVariantCreate($step: ID!, $input: StepmailVariantInput!) {\n    stepmailVariantCreate(step: $step, input: $input) { variant { id } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailVariantCreate($step: ID!, $input: StepmailVariantInput!) {\n    stepmailVariantCreate(step: $step, input: $input) { variant { id } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailVariantUpdate($id: ID!, $input: StepmailVariantInput!) {\n    stepmailVariantUpdate(id: $id, input: $input) { variant { id } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailVariantUpdate($id: ID!, $input: StepmailVariantInput!) {\n    stepmailVariantUpdate(id: $id, input: $input) { variant { id } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailVariantDelete($id: ID!) {\n    stepmailVariantDelete(id: $id) { id errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailVariantDelete($id: ID!) {\n    stepmailVariantDelete(id: $id) { id errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailVariantPromote($id: ID!) {\n    stepmailVariantPromote(id: $id) { changed errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailVariantPromote($id: ID!) {\n    stepmailVariantPromote(id: $id) { changed errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailScenarioZone($id: ID!) { stepmailScenario(id: $id) { id name timezone } }\n"): (typeof documents)["\n  query StepmailScenarioZone($id: ID!) { stepmailScenario(id: $id) { id name timezone } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailSimulate($id: ID!, $since: DateTime!, $until: DateTime!) {\n    stepmailSimulate(scenarioId: $id, since: $since, until: $until) {\n      enrolledCount sentCount assumptions\n      notEnrolled { reason count }\n      enrollments { email orderId triggeredAt leftAt leftReason steps { position name channel at outcome reason } }\n    }\n  }\n"): (typeof documents)["\n  query StepmailSimulate($id: ID!, $since: DateTime!, $until: DateTime!) {\n    stepmailSimulate(scenarioId: $id, since: $since, until: $until) {\n      enrolledCount sentCount assumptions\n      notEnrolled { reason count }\n      enrollments { email orderId triggeredAt leftAt leftReason steps { position name channel at outcome reason } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StepmailBackfillStart($scenario: ID!, $since: DateTime!) {\n    stepmailBackfillStart(scenario: $scenario, since: $since) { job { id } errors { field message code } }\n  }\n"): (typeof documents)["\n  mutation StepmailBackfillStart($scenario: ID!, $since: DateTime!) {\n    stepmailBackfillStart(scenario: $scenario, since: $since) { job { id } errors { field message code } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepmailBackfillJob($id: ID!) {\n    stepmailBackfillJob(id: $id) { id state total processed enrolled error finishedAt }\n  }\n"): (typeof documents)["\n  query StepmailBackfillJob($id: ID!) {\n    stepmailBackfillJob(id: $id) { id state total processed enrolled error finishedAt }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;