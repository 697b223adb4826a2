import { graphql } from '../__generated__/gql';
import type { WebPayoutRuleFieldsFragment } from '../__generated__/graphql';

/**
 * A rule with its whole tree. A node's three fields are written out at each level rather than
 * spread from a fragment of their own: with fragment masking that fragment would hide them from the
 * tree code, which reads the rule as one plain value.
 */
export const RuleFieldsFragment = graphql(`
  fragment WebPayoutRuleFields on PayoutRule {
    id
    payoutRuleId
    accountId
    ruleType
    ruleId
    ruleVersion
    isDeleted
    createdAt
    updatedAt
    destinations {
      type
      value
      destination
      destinations {
        type
        value
        destination
        destinations {
          type
          value
          destination
          destinations {
            type
            value
            destination
            destinations {
              type
              value
              destination
            }
          }
        }
      }
    }
  }
`);

export type RuleFields = WebPayoutRuleFieldsFragment;
