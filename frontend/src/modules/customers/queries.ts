import { graphql } from "../../gql";

export const EnrollmentsQuery = graphql(`
  query StepmailEnrollments($email: String!) {
    stepmailEnrollments(email: $email, first: 20) {
      totalCount
      edges {
        node {
          id state exitReason triggeredAt endedAt holdout nextSendAt
          scenario { name }
          deliveries {
            state reason sentAt dueAt
            step { position name delayDays }
            variant { name }
            events { type occurredAt revenue currency }
          }
        }
      }
    }
  }
`);

export const EnrollmentExit = graphql(`
  mutation StepmailEnrollmentExit($id: ID!) {
    stepmailEnrollmentExit(id: $id) { enrollment { id state } errors { field message code } }
  }
`);
