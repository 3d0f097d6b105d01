import { graphql } from "../../gql";

export const ScenarioQuery = graphql(`
  query StepmailScenarioSteps($id: ID!) {
    stepmailScenario(id: $id) {
      id name slug status trigger timezone holdoutPercent
      steps { id position name delayDays isActive }
    }
  }
`);

export const ResultsQuery = graphql(`
  query StepmailResults($id: ID!, $start: DateTime!, $end: DateTime!) {
    stepmailStepStats(scenario: $id, start: $start, end: $end) {
      step { id } position name
      figures { ...Figures }
      variants { name isWinner figures { ...Figures } }
      comparisons { a b difference pValue significant }
    }
    stepmailHoldoutLift(scenario: $id, start: $start, end: $end) {
      treated { enrollments converted conversionRate }
      holdout { enrollments converted conversionRate }
      lift liftLow liftHigh
    }
  }
`);

// Every figure of a group of mails (StepmailMailFigures): the page computes none itself.
export const FiguresFragment = graphql(`
  fragment Figures on StepmailMailFigures {
    sent delivered bounced opened clicked converted unsubscribed complained
    deliveryRate openRate clickThroughRate clickToOpenRate conversionRate
    revenue { currency amount } revenuePerMail { currency amount }
  }
`);

export const AnalysisQuery = graphql(`
  query StepmailAnalysis($id: ID!, $start: DateTime!, $end: DateTime!) {
    stepmailSendTimeStats(scenario: $id, start: $start, end: $end) { weekday hour figures { ...Figures } }
    stepmailFrequencyStats(scenario: $id, start: $start, end: $end) { earlierMails orMore figures { ...Figures } }
    stepmailMailRates(scenario: $id, start: $start, end: $end) {
      level step { position name } variant { name } figures { ...Figures }
    }
    stepmailLinkStats(scenario: $id, start: $start, end: $end) {
      step { position name } variant { name } url clicks customers share conversions
    }
  }
`);

export const ReportCsvQuery = graphql(`
  query StepmailReportCsv($table: StepmailReportTable!, $id: ID!, $start: DateTime!, $end: DateTime!) {
    stepmailReportCsv(table: $table, scenario: $id, start: $start, end: $end)
  }
`);
