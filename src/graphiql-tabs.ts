import { addDays, systemClock } from './dates.js';
/** The example tabs GraphiQL opens with: what a new user should try first. */
export interface GraphiQLExamples {
  /** A ledger's global id to prefill the tabs with (the server finds one in sandbox mode). */
  ledgerId?: string;
  /** A ledger with sales data, for the join tab. */
  salesLedgerId?: string;
  /** A closed date with data. */
  date?: string;
}

export function graphiqlTabs(examples: GraphiQLExamples = {}): Array<{ query: string; variables?: string }> {
  return [
    {
      query: `# Every ledger these credentials can read, across providers.
query Ledgers {
  ledgers(first: 20) {
    edges {
      node {
        id
        provider
        ledgerId
        currency
        owner { scheme id }
        salesUnits { name recipientHandle }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    },
    {
      query: `# One ledger day: entries with exact money and the balance around each.
# Pick a ledger id from the Ledgers tab; dates are YYYY-MM-DD.
query LedgerDay($ledger: ID!, $date: Date!) {
  ledger(id: $ledger) {
    ledgerId
    currency
    entries(date: $date, first: 50) {
      final
      edges {
        node {
          time
          entryType
          kind
          pspReference
          reference
          amount { amount currency }
          balanceAfter { amount }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
      variables: JSON.stringify({ ledger: examples.ledgerId ?? '<a Ledger id from the Ledgers tab>', date: examples.date ?? yesterday() }, null, 2),
    },
    {
      query: `# The funds feed: save pageInfo.endCursor and resume with \`after\` for what is new.
query FundsFeed($ledger: ID!, $after: String) {
  ledger(id: $ledger) {
    feed(topic: FUNDS, first: 25, after: $after) {
      tryLater
      edges { node { ledgerDate entryType amount { amount currency } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
      variables: JSON.stringify({ ledger: examples.ledgerId ?? '<a Ledger id from the Ledgers tab>' }, null, 2),
    },
    {
      query: `# Each capture or refund next to the sale behind it: order lines, VAT, categories.
# The response's extensions.cost shows the upstream calls this made per source and endpoint
# (always here; elsewhere send the header x-tally-cost: 1). Run it twice: closed days are cached.
query EntriesWithSales($ledger: ID!, $date: Date!) {
  ledger(id: $ledger) {
    entries(date: $date, first: 100) {
      edges {
        node {
          entryType
          pspReference
          amount { amount currency }
          salesEvent {
            paymentType
            amounts { gross { amount } vat { amount } }
            lines { name quantity lineTotalGross { amount } vatPercentage category }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
      variables: JSON.stringify({ ledger: examples.salesLedgerId ?? '<a Vippsnummer or mPOS Ledger id from the Ledgers tab>', date: examples.date ?? yesterday() }, null, 2),
    },
  ];
}

function yesterday(): string {
  return addDays(systemClock.today('UTC'), -1);
}
