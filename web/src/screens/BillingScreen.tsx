import { useQuery } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { href, navigate } from '../router';
import { BillingAccountsQuery } from './SettlementsScreen';
import { BillingReportsPanel, CostsPanel, SubscriptionsPanel } from './BillingPanels';
import { ReportConfigurationsPanel } from './ReportConfigurations';

const VIEWS = [
  { view: 'costs', label: 'Costs' },
  { view: 'reports', label: 'Billing reports' },
  { view: 'subscriptions', label: 'Subscriptions' },
  { view: 'settlement-reports', label: 'Settlement reports' },
] as const;
type View = (typeof VIEWS)[number]['view'];

/**
 * What Dintero charges a Dintero account and what it sends it: the month's costs, the billing
 * reports Dintero invoices from, the subscriptions with their prices, and who receives settlement
 * reports (editable). One account at a time, chosen as on the other Dintero screens.
 */
export function BillingScreen({ params }: { params: URLSearchParams }) {
  const [{ data, error, fetching }] = useQuery({ query: BillingAccountsQuery });
  const accounts = data?.billingAccounts ?? [];
  const accountId = params.get('account') ?? accounts[0]?.accountId ?? '';
  const view: View = VIEWS.find((v) => v.view === params.get('view'))?.view ?? 'costs';
  const at = (next: Record<string, string | null>) => href(['billing'], { account: accountId, view, ...next });
  return (
    <section aria-labelledby="billing-title">
      <h1 id="billing-title">Dintero billing</h1>
      <ErrorNotice errors={errorsAt(error)} title="The Dintero accounts could not be listed." />
      {!fetching && !error && accounts.length === 0 ? <p>No Dintero account is configured in this Tally.</p> : null}
      {accountId ? (
        <>
          <div className="toolbar">
            <label>
              Account
              <select value={accountId} onChange={(e) => navigate(href(['billing'], { account: e.target.value, view }))}>
                {accounts.map((a) => (
                  <option key={a.accountId} value={a.accountId}>
                    {a.accountId} {a.isTest ? '(test)' : '(production)'}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <nav aria-label="Billing views" className="tabs">
            <ul>
              {VIEWS.map((v) => (
                <li key={v.view}>
                  <a href={at({ view: v.view, year: null, month: null })} aria-current={v.view === view ? 'page' : undefined}>
                    {v.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {view === 'costs' ? <CostsPanel key={accountId} accountId={accountId} params={params} /> : null}
          {view === 'reports' ? <BillingReportsPanel key={accountId} accountId={accountId} /> : null}
          {view === 'subscriptions' ? <SubscriptionsPanel key={accountId} accountId={accountId} /> : null}
          {view === 'settlement-reports' ? <ReportConfigurationsPanel key={accountId} accountId={accountId} /> : null}
        </>
      ) : null}
    </section>
  );
}
