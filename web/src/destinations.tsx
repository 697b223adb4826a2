import { useQuery } from 'urql';
import { graphql } from './__generated__/gql';

/**
 * The payout destinations (sellers) an account is known to pay. Dintero's Billing API has no list of
 * them, so they are gathered from what does name them: the latest settlements, the payout rules and
 * the settlement report filters. Offered as choices where a destination id is typed; a new id is
 * still allowed (a seller not paid yet), and marked as new.
 */
const KnownDestinationsQuery = graphql(`
  query WebKnownDestinations($accountId: String!) {
    billingAccount(accountId: $accountId) {
      id
      settlements(first: 100) {
        edges {
          node {
            id
            payoutDestinationId
          }
        }
      }
      payoutRules(first: 100) {
        edges {
          node {
            id
            destinations {
              destination
              destinations {
                destination
                destinations {
                  destination
                  destinations {
                    destination
                    destinations {
                      destination
                    }
                  }
                }
              }
            }
          }
        }
      }
      settlementReportConfigurations(first: 100) {
        edges {
          node {
            id
            payoutDestinationIds
          }
        }
      }
    }
  }
`);

interface Named {
  destination?: string | null;
  destinations?: ReadonlyArray<Named> | null;
}

function collect(nodes: ReadonlyArray<Named>, into: Set<string>): void {
  for (const n of nodes) {
    if (n.destination) into.add(n.destination);
    collect(n.destinations ?? [], into);
  }
}

/** The account's known destination ids, sorted; empty while loading or when none can be read. */
export function useKnownDestinations(accountId: string): string[] {
  const [{ data }] = useQuery({ query: KnownDestinationsQuery, variables: { accountId }, pause: !accountId });
  const account = data?.billingAccount;
  const out = new Set<string>();
  for (const { node } of account?.settlements?.edges ?? []) if (node.payoutDestinationId) out.add(node.payoutDestinationId);
  for (const { node } of account?.payoutRules?.edges ?? []) collect(node.destinations, out);
  for (const { node } of account?.settlementReportConfigurations?.edges ?? []) for (const d of node.payoutDestinationIds) out.add(d);
  return [...out].sort();
}

/** The `<datalist>` an `<input list=…>` offers the known destinations from. */
export function DestinationOptions({ id, known }: { id: string; known: ReadonlyArray<string> }) {
  return (
    <datalist id={id}>
      {known.map((d) => (
        <option key={d} value={d} />
      ))}
    </datalist>
  );
}
