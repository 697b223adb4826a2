import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { formatDecimal, sumDecimals } from '../decimal';
import { ErrorNotice, errorsAt } from '../errors';
import { formatDate, formatInstant } from '../format';
import { graphql } from '../__generated__/gql';
import { href, navigate } from '../router';
import { TableHead } from '../table';

/** One page is enough for a month (Dintero bills a handful of metrics); more is said, never cut silently. */
const PAGE = 1000;

const CostsQuery = graphql(`
  query WebBillingCosts($accountId: String!, $year: Int!, $month: Int!, $first: Int!) {
    billingAccount(accountId: $accountId) {
      id
      costs(year: $year, month: $month, first: $first) {
        pageInfo {
          hasNextPage
        }
        edges {
          node {
            costId
            type
            metricName
            namespace
            startAt
            endAt
            totalCount
            totalMetricValue
            totalAmount
            currency
            dimensions {
              name
              value
            }
            plan {
              planId
              prices {
                amount
                currency
                type
                upTo
              }
            }
          }
        }
      }
    }
  }
`);

const BillingReportsQuery = graphql(`
  query WebBillingReports($accountId: String!, $first: Int!) {
    billingAccount(accountId: $accountId) {
      id
      billingReports(first: $first) {
        pageInfo {
          hasNextPage
        }
        edges {
          node {
            reportId
            startAt
            endAt
            createdAt
            updatedAt
          }
        }
      }
    }
  }
`);

const SubscriptionsQuery = graphql(`
  query WebBillingSubscriptions($accountId: String!, $first: Int!) {
    billingAccount(accountId: $accountId) {
      id
      subscriptions(first: $first) {
        pageInfo {
          hasNextPage
        }
        edges {
          node {
            subscriptionId
            description
            namespace
            metricName
            createdAt
            updatedAt
            dimensions {
              name
              value
            }
            prices {
              amount
              currency
              type
              upTo
            }
          }
        }
      }
    }
  }
`);

/** The month before the browser's current one, `YYYY-MM`: the last month Dintero has billed in full. */
function lastMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

function Dimensions({ dimensions }: { dimensions: ReadonlyArray<{ name: string; value?: string | null }> }) {
  if (dimensions.length === 0) return <span className="muted">—</span>;
  return <>{dimensions.map((d) => `${d.name} = ${d.value ?? '—'}`).join(', ')}</>;
}

function Prices({
  prices,
}: {
  prices: ReadonlyArray<{ amount?: string | null; currency?: string | null; type?: string | null; upTo?: string | null }>;
}) {
  if (prices.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {prices.map((p, i) => (
        <div key={i}>
          {formatDecimal(p.amount, p.currency)} {p.type === 'unit_amount' ? 'a unit' : (p.type ?? '')}
          {p.upTo && p.upTo !== '0' ? ` up to ${p.upTo}` : ''}
        </div>
      ))}
    </>
  );
}

/** A period as a person reads it: one date for a whole UTC day (how Dintero bills), else its two instants. */
function period(startAt: string | null | undefined, endAt: string | null | undefined): string {
  if (startAt && endAt && /T00:00:00(\.0+)?Z$/.test(startAt) && Date.parse(endAt) - Date.parse(startAt) === 86_400_000)
    return formatDate(startAt.slice(0, 10));
  return `${formatInstant(startAt)} – ${formatInstant(endAt)}`;
}

/** A month's costs, each metric with its count, price and amount, and the month's total per currency, exact. */
export function CostsPanel({ accountId, params }: { accountId: string; params: URLSearchParams }) {
  const month = params.get('month') ?? lastMonth();
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const [typed, setTyped] = useState(month);
  const [{ data, error, fetching }] = useQuery({ query: CostsQuery, variables: { accountId, year, month: monthNumber, first: PAGE } });
  const costs = data?.billingAccount?.costs;
  const edges = costs?.edges ?? [];
  const byCurrency = new Map<string, string[]>();
  for (const { node } of edges) {
    if (node.totalAmount == null) continue;
    const c = node.currency ?? '?';
    byCurrency.set(c, [...(byCurrency.get(c) ?? []), node.totalAmount]);
  }
  // The month by type first (what an accountant books), then day by day.
  const byType = new Map<string, { type: string; currency: string; count: number; amounts: string[] }>();
  for (const { node } of edges) {
    const type = node.type ?? `${node.namespace}/${node.metricName}`;
    const k = `${type} ${node.currency ?? '?'}`;
    const t = byType.get(k) ?? { type, currency: node.currency ?? '?', count: 0, amounts: [] };
    t.count += node.totalCount ?? 0;
    if (node.totalAmount != null) t.amounts.push(node.totalAmount);
    byType.set(k, t);
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href(['billing'], { account: accountId, view: 'costs', month: typed }));
  };
  return (
    <>
      <form className="filters" onSubmit={submit} aria-label="Which month">
        <label>
          Month
          <input type="month" value={typed} required onChange={(e) => setTyped(e.target.value)} />
        </label>
        <button type="submit">Show costs</button>
      </form>
      <ErrorNotice errors={errorsAt(error, ['billingAccount'])} title="The costs could not be read." />
      {fetching ? <p className="loading">Reading the costs…</p> : null}
      {costs && edges.length > 0 && !costs.pageInfo.hasNextPage ? (
        <table className="data cost-types" aria-label={`Costs by type, ${month}`}>
          <caption>{month} by type</caption>
          <TableHead columns={['Type', { label: 'Count', numeric: true }, { label: 'Amount', numeric: true }]} />
          <tbody>
            {[...byType.values()].map((t) => {
              const total = sumDecimals(t.amounts);
              return (
                <tr key={`${t.type} ${t.currency}`} className="cost-type" data-type={t.type} data-amount={total}>
                  <td>
                    <code>{t.type}</code>
                  </td>
                  <td className="num">{t.count}</td>
                  <td className="num">{formatDecimal(total, t.currency)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {costs ? (
        <table className="data costs" aria-label={`Costs, ${month}`}>
          <caption>What Dintero charged in {month}, day by day, excluding VAT</caption>
          <TableHead
            columns={['Type', 'Broken down by', 'Period', { label: 'Count', numeric: true }, 'Price', { label: 'Amount', numeric: true }]}
          />
          <tbody>
            {edges.map(({ node }) => (
              <tr
                key={node.costId}
                className="cost"
                data-cost-id={node.costId}
                data-amount={node.totalAmount ?? ''}
                data-currency={node.currency ?? ''}
              >
                <td>
                  <code>{node.type ?? `${node.namespace}/${node.metricName}`}</code>
                </td>
                <td>
                  <Dimensions dimensions={node.dimensions} />
                </td>
                <td>{period(node.startAt, node.endAt)}</td>
                <td className="num">{node.totalCount ?? '—'}</td>
                <td>
                  <Prices prices={node.plan?.prices ?? []} />
                </td>
                <td className="num">{formatDecimal(node.totalAmount, node.currency)}</td>
              </tr>
            ))}
            {edges.length === 0 ? (
              <tr>
                <td colSpan={6}>No costs in {month}.</td>
              </tr>
            ) : null}
          </tbody>
          {edges.length > 0 ? (
            <tfoot>
              {costs.pageInfo.hasNextPage ? (
                <tr>
                  <td colSpan={6} className="warn">
                    More than {PAGE} costs this month: the total is not shown, as it would leave some out.
                  </td>
                </tr>
              ) : (
                [...byCurrency].map(([currency, amounts]) => {
                  const total = sumDecimals(amounts);
                  return (
                    <tr key={currency} className="totals cost-total" data-currency={currency} data-amount={total}>
                      <th scope="row" colSpan={5}>
                        Total {currency} (exact; round once when booking)
                      </th>
                      <td className="num">{formatDecimal(total, currency)}</td>
                    </tr>
                  );
                })
              )}
            </tfoot>
          ) : null}
        </table>
      ) : null}
    </>
  );
}

/** The billing reports Dintero invoices from, one per billed period. */
export function BillingReportsPanel({ accountId }: { accountId: string }) {
  const [{ data, error, fetching }] = useQuery({ query: BillingReportsQuery, variables: { accountId, first: PAGE } });
  const reports = data?.billingAccount?.billingReports;
  const edges = reports?.edges ?? [];
  return (
    <>
      <ErrorNotice errors={errorsAt(error, ['billingAccount'])} title="The billing reports could not be read." />
      {fetching ? <p className="loading">Reading the billing reports…</p> : null}
      {reports ? (
        <table className="data billing-reports" aria-label="Billing reports">
          <TableHead columns={['Report', 'Billed period', 'Produced', 'Last changed']} />
          <tbody>
            {edges.map(({ node }) => (
              <tr key={node.reportId} className="billing-report" data-report-id={node.reportId}>
                <td className="ref">{node.reportId}</td>
                <td>
                  {formatInstant(node.startAt)} – {formatInstant(node.endAt)}
                </td>
                <td>{formatInstant(node.createdAt)}</td>
                <td>{formatInstant(node.updatedAt)}</td>
              </tr>
            ))}
            {edges.length === 0 ? (
              <tr>
                <td colSpan={4}>No billing reports yet.</td>
              </tr>
            ) : null}
            {reports.pageInfo.hasNextPage ? (
              <tr>
                <td colSpan={4} className="warn">
                  Only the first {PAGE} reports are shown.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

/** What Dintero charges for: each metric with its prices, exact (0.0125 NOK a capture). */
export function SubscriptionsPanel({ accountId }: { accountId: string }) {
  const [{ data, error, fetching }] = useQuery({ query: SubscriptionsQuery, variables: { accountId, first: PAGE } });
  const subscriptions = data?.billingAccount?.subscriptions;
  const edges = subscriptions?.edges ?? [];
  return (
    <>
      <ErrorNotice errors={errorsAt(error, ['billingAccount'])} title="The subscriptions could not be read." />
      {fetching ? <p className="loading">Reading the subscriptions…</p> : null}
      {subscriptions ? (
        <table className="data subscriptions" aria-label="Subscriptions">
          <TableHead columns={['What is charged', 'Applies to', 'Price', 'Since']} />
          <tbody>
            {edges.map(({ node }) => (
              <tr key={node.subscriptionId} className="subscription" data-subscription-id={node.subscriptionId}>
                <td>
                  <code>{node.description ?? `${node.namespace}/${node.metricName}`}</code>
                </td>
                <td>
                  <Dimensions dimensions={node.dimensions} />
                </td>
                <td className="price">
                  <Prices prices={node.prices} />
                </td>
                <td>{formatInstant(node.createdAt)}</td>
              </tr>
            ))}
            {edges.length === 0 ? (
              <tr>
                <td colSpan={4}>No subscriptions.</td>
              </tr>
            ) : null}
            {subscriptions.pageInfo.hasNextPage ? (
              <tr>
                <td colSpan={4} className="warn">
                  Only the first {PAGE} subscriptions are shown.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
