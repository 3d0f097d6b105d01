import { graphql } from "../../gql";

export const ScenarioZoneQuery = graphql(`
  query StepmailScenarioZone($id: ID!) { stepmailScenario(id: $id) { id name timezone } }
`);

export const SimulateQuery = graphql(`
  query StepmailSimulate($id: ID!, $since: DateTime!, $until: DateTime!) {
    stepmailSimulate(scenarioId: $id, since: $since, until: $until) {
      enrolledCount sentCount assumptions
      notEnrolled { reason count }
      enrollments { email orderId triggeredAt leftAt leftReason steps { position name channel at outcome reason } }
    }
  }
`);

export const BackfillStart = graphql(`
  mutation StepmailBackfillStart($scenario: ID!, $since: DateTime!) {
    stepmailBackfillStart(scenario: $scenario, since: $since) { job { id } errors { field message code } }
  }
`);

export const BackfillJobQuery = graphql(`
  query StepmailBackfillJob($id: ID!) {
    stepmailBackfillJob(id: $id) { id state total processed enrolled error finishedAt }
  }
`);
