import { useRef, useState, type ReactNode } from 'react';
import { addressProblems } from './address';
import { apiKey, GRAPHQL_URL, setApiKey } from './client';
import { ErrorBoundary } from './ErrorBoundary';
import { href, useRoute } from './router';
import { BillingScreen } from './screens/BillingScreen';
import { LedgerScreen } from './screens/LedgerScreen';
import { LedgersScreen } from './screens/LedgersScreen';
import { LiveFeedScreen } from './screens/LiveFeedScreen';
import { PayoutsScreen } from './screens/PayoutsScreen';
import { PayoutRulesScreen } from './screens/PayoutRulesScreen';
import { SettlementsScreen } from './screens/SettlementsScreen';
import { VatReportScreen } from './screens/VatReportScreen';

const SECTIONS: Array<{ segment: string; label: string }> = [
  { segment: 'ledgers', label: 'Ledgers' },
  { segment: 'settlements', label: 'Settlements' },
  { segment: 'payout-rules', label: 'Payout rules' },
  { segment: 'billing', label: 'Dintero billing' },
];

export function App() {
  const route = useRoute();
  const [section = 'ledgers', id] = route.segments;
  const mainRef = useRef<HTMLElement>(null);
  const problems = addressProblems(route.params);
  let screen: ReactNode;
  if (problems.length > 0) screen = <AddressNotice segments={route.segments} params={route.params} />;
  else if (section === 'ledgers' && id) screen = <LedgerScreen id={id} params={route.params} />;
  else if (section === 'live' && id) screen = <LiveFeedScreen id={id} params={route.params} />;
  else if (section === 'payouts' && id) screen = <PayoutsScreen id={id} params={route.params} />;
  else if (section === 'vat' && id) screen = <VatReportScreen id={id} params={route.params} />;
  else if (section === 'settlements') screen = <SettlementsScreen params={route.params} />;
  else if (section === 'billing') screen = <BillingScreen params={route.params} />;
  else if (section === 'payout-rules') screen = <PayoutRulesScreen segments={route.segments.slice(1)} params={route.params} />;
  else screen = <LedgersScreen />;

  return (
    <>
      {/* Keyboard users skip the header's links. The route lives in the hash, so the link moves focus itself rather than navigating to #main. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="top">
        <a className="brand" href={href(['ledgers'])}>
          Tally <span>back-office</span>
        </a>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.segment}>
                <a
                  href={href([s.segment])}
                  aria-current={
                    section === s.segment || (s.segment === 'ledgers' && (section === 'live' || section === 'payouts' || section === 'vat'))
                      ? 'page'
                      : undefined
                  }
                >
                  {s.label}
                </a>
              </li>
            ))}
            <li>
              <a href={GRAPHQL_URL}>GraphiQL</a>
            </li>
          </ul>
        </nav>
        <Connection />
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <ErrorBoundary key={`${route.segments.join('/')}?${route.params.toString()}`} home={href(['ledgers'])}>
          {screen}
        </ErrorBoundary>
      </main>
    </>
  );
}

/** An address whose date parameters are not dates: what is wrong, and the same screen without them. */
function AddressNotice({ segments, params }: { segments: string[]; params: URLSearchParams }) {
  const problems = addressProblems(params);
  const kept: Record<string, string> = {};
  for (const [k, v] of params) if (!problems.some((p) => p.param === k)) kept[k] = v;
  return (
    <section className="error address-error" role="alert" aria-labelledby="address-title">
      <h1 id="address-title">This address has an invalid date</h1>
      <ul>
        {problems.map((p) => (
          <li key={p.param}>
            <code className="code">BAD_USER_INPUT</code>{' '}
            <code>
              {p.param}={p.value}
            </code>{' '}
            is not {p.expected}.
          </li>
        ))}
      </ul>
      <p>
        <a href={href(segments, kept)}>Open this screen without it</a> (it then shows its default dates).
      </p>
    </section>
  );
}

/** Which Tally the app talks to, and the API key it sends (kept in this tab only). */
function Connection() {
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(apiKey);
  return (
    <div className="connection">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Connection
      </button>
      {open ? (
        <form
          className="panel"
          onSubmit={(e) => {
            e.preventDefault();
            setApiKey(key.trim());
            window.location.reload();
          }}
        >
          <p>
            Tally endpoint: <code>{new URL(GRAPHQL_URL, window.location.href).href}</code>
          </p>
          <label>
            API key (only for a Tally with real upstreams; kept in this browser tab)
            <input type="password" value={key} autoComplete="off" onChange={(e) => setKey(e.target.value)} />
          </label>
          <button type="submit">Save and reload</button>
        </form>
      ) : null}
    </div>
  );
}
