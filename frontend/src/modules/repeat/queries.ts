import { graphql } from "../../gql";

// Every figure of the repeat-rate screen is the API's (engine/repeat_rate.py): the page computes none.
export const RepeatWindowFragment = graphql(`
  fragment RepeatWindow on StepmailRepeatWindow { days eligible returned rate }
`);

export const RepeatRateQuery = graphql(`
  query StepmailRepeatRate($start: DateTime!, $end: DateTime!) {
    stepmailRepeatRates(by: MONTH, start: $start, end: $end) { key firstBuyers windows { ...RepeatWindow } }
    stepmailDaysToSecondOrder(start: $start, end: $end) { returned medianDays buckets { upToDays customers } }
    stepmailRevenuePerCustomer(start: $start, end: $end) {
      currency firstBuyers windows { days eligible revenue perCustomer }
    }
    stepmailProgramEffects(start: $start, end: $end) {
      scenario { id name slug } days
      enrolled { ...RepeatWindow } holdout { ...RepeatWindow }
      liftPoints liftLowPoints liftHighPoints
    }
  }
`);

export const RepeatRateByQuery = graphql(`
  query StepmailRepeatRateBy($by: StepmailCohortDimension!, $start: DateTime!, $end: DateTime!) {
    stepmailRepeatRates(by: $by, start: $start, end: $end) { key firstBuyers windows { ...RepeatWindow } }
  }
`);

export const RepeatRateCsvQuery = graphql(`
  query StepmailRepeatRateCsv($table: StepmailRepeatRateTable!, $start: DateTime!, $end: DateTime!) {
    stepmailRepeatRateCsv(table: $table, start: $start, end: $end)
  }
`);
