import { graphql } from "../../gql";

export const CallTasksQuery = graphql(`
  query StepmailCallTasks($state: StepmailCallTaskState) {
    stepmailCallTasks(state: $state, first: 100) {
      totalCount
      edges { node { id phone note email scenarioSlug state createdAt doneAt doneBy } }
    }
  }
`);

export const CallTasksCsvQuery = graphql(`
  query StepmailCallTasksCsv($state: StepmailCallTaskState) { stepmailCallTasksCsv(state: $state) }
`);

export const CallTaskComplete = graphql(`
  mutation StepmailCallTaskComplete($id: ID!, $note: String) {
    stepmailCallTaskComplete(id: $id, note: $note) { callTask { id state } errors { field message code } }
  }
`);

export const DirectMailExport = graphql(`
  mutation StepmailDirectMailExport($batch: String) {
    stepmailDirectMailExport(batch: $batch) { batch count csv errors { field message code } }
  }
`);
